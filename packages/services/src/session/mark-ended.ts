import { courseSessions, type DbOrTx, sessionAttendance } from "@codeclass/db";
import { and, eq, isNull } from "drizzle-orm";

/** Ends a session for good at `at` and closes every attendance interval still open. True when it was not ended yet. */
export async function markEnded(db: DbOrTx, sessionId: string, at: Date): Promise<boolean> {
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
  await db
    .update(sessionAttendance)
    .set({ leftAt: at })
    .where(and(eq(sessionAttendance.sessionId, sessionId), isNull(sessionAttendance.leftAt)));
  return ended.length + never.length > 0;
}
