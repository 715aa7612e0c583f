import { courseSessions, type DbOrTx, sessionPolls } from "@codeclass/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";
import { requireSessionRow, type SessionAccess } from "../session/require-session.ts";
import type { PollRow } from "./view.ts";

/** Loads a poll and the caller's standing in its session ("view": any member; "staff": instructors, TAs, admins). */
export async function requirePoll(
  db: DbOrTx,
  actor: Actor,
  pollId: string,
  need: "view" | "staff",
): Promise<{ poll: PollRow; access: SessionAccess }> {
  const [found] = await db
    .select({ poll: sessionPolls, session: courseSessions })
    .from(sessionPolls)
    .innerJoin(courseSessions, eq(courseSessions.id, sessionPolls.sessionId))
    .where(eq(sessionPolls.id, pollId))
    .limit(1);
  if (!found) throw notFound(`No poll has id ${pollId}`, "pollId");
  const access = await requireSessionRow(db, actor, found.session, need);
  return { poll: found.poll, access };
}

/** The poll's current row, locked for update (after taking the session's poll lock). */
export async function lockedPoll(tx: DbOrTx, pollId: string): Promise<PollRow> {
  const [poll] = await tx.select().from(sessionPolls).where(eq(sessionPolls.id, pollId)).for("update");
  if (!poll) throw notFound(`No poll has id ${pollId}`, "pollId");
  return poll;
}
