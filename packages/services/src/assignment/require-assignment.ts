import { assignments, type DbOrTx } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { type CourseAccess, courseAccess } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";

export type AssignmentRow = typeof assignments.$inferSelect;

/**
 * Loads an assignment and what the actor may do with it: "view" is any member (students once it
 * has opened), "staff" the course's instructors, TAs and admins. Unknown id: NOT_FOUND; and a
 * student of the course asking for one not yet open gets NOT_FOUND too (its title is not theirs yet).
 */
export async function requireAssignment(
  db: DbOrTx,
  actor: Actor,
  assignmentId: string,
  need: "view" | "staff",
): Promise<{ assignment: AssignmentRow; access: CourseAccess; staff: boolean }> {
  const [assignment] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!assignment) throw notFound(`No assignment has id ${assignmentId}`, "assignmentId");
  const access = await courseAccess(db, actor, assignment.courseId);
  const staff = access.canSeeRoster;
  if (need === "staff" && !staff) throw forbidden("Only the course's instructors and TAs can do this");
  if (!access.canView) throw forbidden("You are not a member of this course");
  if (!staff && assignment.opensAt && assignment.opensAt > new Date())
    throw notFound(`No assignment has id ${assignmentId}`, "assignmentId");
  return { assignment, access, staff };
}
