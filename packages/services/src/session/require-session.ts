import { courseSessions, type DbOrTx } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { type CourseAccess, requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";
import type { SessionRow } from "./public-session.ts";
import { removedWhileRunning } from "./removed.ts";

export interface SessionAccess {
  session: SessionRow;
  access: CourseAccess;
  /** Admins and the course's instructors and TAs: they run sessions and moderate them. */
  staff: boolean;
}

/**
 * Loads a session and the caller's standing in its course: "view" for any member, "staff" for
 * instructors, TAs and admins. `lock` takes the row for update (inside a transaction).
 */
export async function requireSession(
  db: DbOrTx,
  actor: Actor,
  sessionId: string,
  need: "view" | "staff",
  lock = false,
): Promise<SessionAccess> {
  const query = db.select().from(courseSessions).where(eq(courseSessions.id, sessionId)).limit(1);
  const [session] = lock ? await query.for("update") : await query;
  if (!session) throw notFound(`No session has id ${sessionId}`, "sessionId");
  return requireSessionRow(db, actor, session, need);
}

/** requireSession for a session row the caller has already read (with a poll, say). */
export async function requireSessionRow(db: DbOrTx, actor: Actor, session: SessionRow, need: "view" | "staff"): Promise<SessionAccess> {
  const access = await requireCourse(db, actor, session.courseId, "view");
  const staff = access.canSeeRoster;
  if (need === "staff" && !staff) throw forbidden("Only the course's instructors and TAs can run its live sessions");
  // Removed by staff (live.remove): out of the session, its rooms, chat, polls, hands and whiteboard,
  // while it runs (once ended, its record, chat and recordings are the class's again).
  if (!staff && removedWhileRunning(session, actor.id))
    throw forbidden("The course's staff removed you from this session; ask them to let you back in");
  return { session, access, staff };
}
