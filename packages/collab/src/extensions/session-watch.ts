/**
 * Sessions that end while connections stay open: every `everyMs` the sessions of all open
 * connections are read in one query (per 1,000), and a connection whose session was signed out,
 * revoked or has expired, or whose user is banned, is closed; its updates are refused from the
 * moment that is known.
 */
import { session, user } from "@codeclass/db";
import type { beforeHandleMessagePayload, Hocuspocus } from "@hocuspocus/server";
import { eq, inArray } from "drizzle-orm";
import { type CollabContext, openConnections } from "../context.ts";
import { CollabRefusal, updateOfMessage } from "../updates.ts";
import { Recheck, type RecheckOptions } from "./repeat.ts";

export const sessionExpired = "your session ended: sign in again";

/** Why a session may no longer be used (expired, or its user banned), or null while it may. */
export function sessionEnd(s: { expiresAt: Date | string; banned?: boolean | null; banExpires?: Date | string | null }): string | null {
  const now = Date.now();
  if (s.banned && (!s.banExpires || new Date(s.banExpires).getTime() > now)) return "your account is banned: ask an administrator";
  if (new Date(s.expiresAt).getTime() <= now) return sessionExpired;
  return null;
}

export type SessionWatchOptions = RecheckOptions;

export class SessionWatch extends Recheck {
  extensionName = "codeclass-session-watch";

  /** An update from a connection whose session is known to be gone, or has expired, is refused. */
  async beforeHandleMessage({ update: message, context }: beforeHandleMessagePayload<CollabContext>) {
    const update = updateOfMessage(message);
    if (update && (context.sessionEnded || Date.now() >= context.sessionExpiresAt))
      throw new CollabRefusal(context.sessionEnded ?? sessionExpired, 4401);
  }

  /** Closes every connection whose session ended; one query per 1,000 sessions. */
  protected async recheck(instance: Hocuspocus) {
    const { db, logger: log } = this.options;
    const open = [...openConnections(instance)].filter(({ ctx }) => ctx.sessionId && !ctx.sessionEnded);
    const ids = [...new Set(open.map((o) => o.ctx.sessionId))];
    const found = new Map<string, { expiresAt: Date; banned: boolean | null; banExpires: Date | null }>();
    try {
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await db
          .select({ id: session.id, expiresAt: session.expiresAt, banned: user.banned, banExpires: user.banExpires })
          .from(session)
          .innerJoin(user, eq(session.userId, user.id))
          .where(inArray(session.id, ids.slice(i, i + 1000)));
        for (const row of rows) found.set(row.id, row);
      }
    } catch (err) {
      log.warn({ component: "collab", err }, "session re-check failed; will try again");
      return;
    }
    for (const { connection, ctx } of open) {
      const row = found.get(ctx.sessionId);
      const ended = row ? sessionEnd(row) : "you signed out, or your session was revoked: sign in again";
      if (row) ctx.sessionExpiresAt = row.expiresAt.getTime();
      if (!ended) continue;
      ctx.sessionEnded = ended;
      log.info({ component: "collab", userId: ctx.userId, workspaceId: ctx.workspaceId, reason: ended }, "session ended");
      connection.close({ code: 4401, reason: ended });
    }
  }
}
