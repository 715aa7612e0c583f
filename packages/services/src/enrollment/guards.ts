import { courses, enrollments, type Tx } from "@codeclass/db";
import { and, count, eq } from "drizzle-orm";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { conflict, notFound } from "../errors.ts";

/**
 * Locks the course row for the rest of the transaction (so two concurrent removals cannot
 * both pass the last-instructor check), checks the actor manages it and it is not archived.
 */
export async function lockManagedCourse(tx: Tx, actor: Actor, courseId: string) {
  // Lock first, then check: a role or archive change committed while we waited is seen.
  await tx.select({ id: courses.id }).from(courses).where(eq(courses.id, courseId)).for("update");
  const access = await requireCourse(tx, actor, courseId, "manage");
  if (access.course.archivedAt) throw conflict("This course is archived: restore it before changing its roster");
  return access;
}

/** The member's current enrollment, or NOT_FOUND naming the field. */
export async function currentEnrollment(tx: Tx, courseId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.userId, userId)));
  if (!row) throw notFound(`user ${userId} is not enrolled in this course`, "userId");
  return row;
}

/** Refuses to leave a course without any instructor. */
export async function keepOneInstructor(tx: Tx, courseId: string, leaving: { role: string }) {
  if (leaving.role !== "instructor") return;
  const [row] = await tx
    .select({ n: count() })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.role, "instructor")));
  if ((row?.n ?? 0) <= 1) throw conflict("A course needs at least one instructor: add another instructor first");
}
