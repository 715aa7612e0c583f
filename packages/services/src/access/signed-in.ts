import { type DbOrTx, session, user } from "@codeclass/db";
import { eq, inArray } from "drizzle-orm";

/**
 * Whether a sign-in may still be used, for connections that outlive the request that checked it
 * (the collaboration server's sockets, the API's event streams): read again every few seconds,
 * many sessions to a query.
 */
export const sessionExpired = "your session ended: sign in again";
export const sessionGone = "you signed out, or your session was revoked: sign in again";

/** Why a session may no longer be used (expired, or its user banned), or null while it may. */
export function sessionEnd(s: { expiresAt: Date | string; banned?: boolean | null; banExpires?: Date | string | null }): string | null {
  const now = Date.now();
  if (s.banned && (!s.banExpires || new Date(s.banExpires).getTime() > now)) return "your account is banned: ask an administrator";
  if (new Date(s.expiresAt).getTime() <= now) return sessionExpired;
  return null;
}

export interface SessionState {
  expiresAt: Date;
  banned: boolean | null;
  banExpires: Date | null;
  /** The user's global role now. */
  role: string;
}

/** The sessions of these ids that still exist, with their user's ban and role: one query per 1,000. */
export async function readSessions(db: DbOrTx, ids: Iterable<string>): Promise<Map<string, SessionState>> {
  const list = [...new Set(ids)];
  const found = new Map<string, SessionState>();
  for (let i = 0; i < list.length; i += 1000) {
    const rows = await db
      .select({ id: session.id, expiresAt: session.expiresAt, banned: user.banned, banExpires: user.banExpires, role: user.role })
      .from(session)
      .innerJoin(user, eq(session.userId, user.id))
      .where(inArray(session.id, list.slice(i, i + 1000)));
    for (const { id, ...row } of rows) found.set(id, row);
  }
  return found;
}
