import { courseSessions, type DbOrTx } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { courseAccess } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";
import { removedRefusal, removedWhileRunning } from "../session/removed.ts";

export interface WhiteboardAccess {
  sessionId: string;
  courseId: string;
  /** Course staff (instructors, TAs) and admins. */
  staff: boolean;
  canRead: boolean;
  /** Draw on it: staff always (not in an archived course); students only while staff allow it and the session has not ended. */
  canWrite: boolean;
  /** Why the actor may not open it, when they may not. */
  refusal: string | null;
}

/**
 * The access rules of a session's whiteboard (docs/collab.md, "Whiteboards"): the course's
 * members read it; staff draw; students draw while the session's `whiteboardStudents` is on.
 */
export async function whiteboardAccess(db: DbOrTx, actor: Actor, sessionId: string): Promise<WhiteboardAccess> {
  const [session] = await db
    .select({
      courseId: courseSessions.courseId,
      status: courseSessions.status,
      students: courseSessions.whiteboardStudents,
      removedUsers: courseSessions.removedUsers,
    })
    .from(courseSessions)
    .where(eq(courseSessions.id, sessionId));
  if (!session) throw notFound(`No session has id ${sessionId}`, "sessionId");
  const access = await courseAccess(db, actor, session.courseId);
  const staff = access.canSeeRoster;
  // A student staff removed from the session (live.remove) is out of its whiteboard too.
  const removed = !staff && removedWhileRunning(session, actor.id);
  const canRead = access.canView && !removed;
  const archived = access.course.archivedAt !== null;
  const canWrite = canRead && !archived && (staff || (session.students && session.status !== "ended"));
  return {
    sessionId,
    courseId: session.courseId,
    staff,
    canRead,
    canWrite,
    refusal: removed ? removedRefusal : canRead ? null : "not your course: only the course's members can open its sessions' whiteboards",
  };
}
