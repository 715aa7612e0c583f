import { type DbOrTx, sessionPolls } from "@codeclass/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";
import { requireSession, type SessionAccess } from "../session/require-session.ts";
import type { PollRow } from "./view.ts";

/** Loads a poll and the caller's standing in its session ("view": any member; "staff": instructors, TAs, admins). */
export async function requirePoll(
  db: DbOrTx,
  actor: Actor,
  pollId: string,
  need: "view" | "staff",
): Promise<{ poll: PollRow; access: SessionAccess }> {
  const [poll] = await db.select().from(sessionPolls).where(eq(sessionPolls.id, pollId)).limit(1);
  if (!poll) throw notFound(`No poll has id ${pollId}`, "pollId");
  const access = await requireSession(db, actor, poll.sessionId, need);
  return { poll, access };
}

/** The poll's current row, locked for update (after taking the session's poll lock). */
export async function lockedPoll(tx: DbOrTx, pollId: string): Promise<PollRow> {
  const [poll] = await tx.select().from(sessionPolls).where(eq(sessionPolls.id, pollId)).for("update");
  if (!poll) throw notFound(`No poll has id ${pollId}`, "pollId");
  return poll;
}
