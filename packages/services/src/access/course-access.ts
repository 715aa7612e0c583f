import { courses, type DbOrTx, enrollments } from "@codeclass/db";
import type { CourseRole } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import { type Actor, isAdmin } from "../actor.ts";
import { notFound } from "../errors.ts";
import { enrollmentInEffect } from "./enrollment-in-effect.ts";

export type CourseRow = typeof courses.$inferSelect;

export interface CourseAccess {
  course: CourseRow;
  /** The caller's enrollment role, or null when not enrolled or not yet verified (admins may be unenrolled). */
  myRole: CourseRole | null;
  /** Edit the course and its roster: admins and the course's instructors. */
  canManage: boolean;
  /** See the roster and all content: managers and TAs. */
  canSeeRoster: boolean;
  /** See the course at all: admins and every member. */
  canView: boolean;
}

/** Loads a course and what the actor may do in it. Unknown id: NOT_FOUND. */
export async function courseAccess(db: DbOrTx, actor: Actor, courseId: string): Promise<CourseAccess> {
  const [row] = await db
    .select({ course: courses, role: enrollments.role })
    .from(courses)
    .leftJoin(enrollments, and(eq(enrollments.courseId, courses.id), eq(enrollments.userId, actor.id), enrollmentInEffect(db)))
    .where(eq(courses.id, courseId))
    .limit(1);
  if (!row) throw notFound(`No course has id ${courseId}`, "courseId");
  const admin = isAdmin(actor);
  const myRole = row.role ?? null;
  const canManage = admin || myRole === "instructor";
  const canSeeRoster = canManage || myRole === "ta";
  return { course: row.course, myRole, canManage, canSeeRoster, canView: admin || myRole !== null };
}
