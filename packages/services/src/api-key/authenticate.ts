import { apiKeys, type DbOrTx, user } from "@codeclass/db";
import { eq, sql } from "drizzle-orm";
import { type Actor, actorFromUser } from "../actor.ts";
import { hashApiKey } from "./hash.ts";

export interface ApiKeyCaller {
  keyId: string;
  /** The key's creator: runs made with the key are theirs. */
  actor: Actor;
  courseId: string;
  requestsPerMinute: number;
}

/**
 * The caller behind an `X-Auth-Token`: "missing" or "unknown" (401), "revoked" or "owner" (403:
 * the key's creator is disabled or no longer an administrator), else the key's creator and course.
 * Marks the key used (at most once a minute, so a busy key does not write on every request).
 */
export async function authenticate(
  db: DbOrTx,
  token: string | undefined,
): Promise<{ ok: true; caller: ApiKeyCaller } | { ok: false; reason: "missing" | "unknown" | "revoked" | "owner" }> {
  if (!token) return { ok: false, reason: "missing" };
  const [row] = await db
    .select({ key: apiKeys, role: user.role, banned: user.banned })
    .from(apiKeys)
    .innerJoin(user, eq(user.id, apiKeys.createdBy))
    .where(eq(apiKeys.keyHash, hashApiKey(token)))
    .limit(1);
  if (!row) return { ok: false, reason: "unknown" };
  if (row.key.revokedAt) return { ok: false, reason: "revoked" };
  const actor = actorFromUser({ id: row.key.createdBy, role: row.role });
  if (row.banned || actor.role !== "admin") return { ok: false, reason: "owner" };
  if (!row.key.lastUsedAt || Date.now() - row.key.lastUsedAt.getTime() > 60_000)
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.key.id));
  return { ok: true, caller: { keyId: row.key.id, actor, courseId: row.key.courseId, requestsPerMinute: row.key.requestsPerMinute } };
}
