import { courseSessions, type DbOrTx, sessionAttendance, sessionBreakouts } from "@codeclass/db";
import { and, eq, isNull } from "drizzle-orm";
import { notifyFloor } from "../floor/notify.ts";
import { closeSessionPolls } from "../polls/close-with-session.ts";
import { lockSessionPolls } from "../polls/lock.ts";

/** Ends a session for good at `at`, closes every attendance interval, breakout round and poll still open. True when it was not ended yet. */
export async function markEnded(db: DbOrTx, sessionId: string, at: Date): Promise<boolean> {
  // The poll lock before the session's row, as asking a poll takes them (polls/create.ts): the
  // other order deadlocked with a poll asked at the moment the session ended.
  await lockSessionPolls(db, sessionId);
  const ended = await db
    .update(courseSessions)
    .set({ status: "ended", endedAt: at })
    .where(and(eq(courseSessions.id, sessionId), eq(courseSessions.status, "live")))
    .returning({ id: courseSessions.id });
  // A scheduled session that never went live ends too, without a start.
  const never = ended.length
    ? []
    : await db
        .update(courseSessions)
        .set({ status: "ended", endedAt: at })
        .where(and(eq(courseSessions.id, sessionId), eq(courseSessions.status, "scheduled")))
        .returning({ id: courseSessions.id });
  const changed = ended.length + never.length > 0;
  // Its open polls close with it (and their followers hear of it): an ended session takes no answers.
  if (changed && (await closeSessionPolls(db, sessionId, at)) > 0) await notifyFloor(db, { sessionId, kind: "polls" });
  await db
    .update(sessionAttendance)
    .set({ leftAt: at })
    .where(and(eq(sessionAttendance.sessionId, sessionId), isNull(sessionAttendance.leftAt)));
  // Breakout groups still open are recalled with the session (their rooms are deleted by the caller);
  // their members' views follow, as after a recall.
  const recalled = await db
    .update(sessionBreakouts)
    .set({ closedAt: at })
    .where(and(eq(sessionBreakouts.sessionId, sessionId), isNull(sessionBreakouts.closedAt)))
    .returning({ id: sessionBreakouts.id });
  if (recalled.length > 0) await notifyFloor(db, { sessionId, kind: "breakouts" });
  return changed;
}
