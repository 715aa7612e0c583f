import { courses, type DbOrTx, enrollments, user } from "@codeclass/db";
import type { CourseRole } from "@codeclass/validators";
import { and, eq, exists } from "drizzle-orm";
import { type Actor, isAdmin } from "./actor.ts";
import { forbidden, notFound } from "./errors.ts";

export type CourseRow = typeof courses.$inferSelect;

/**
 * An enrollment grants its role only once the member's email is verified: enrollment is by
 * email, so whoever signed up first with an address must not inherit what it is enrolled as.
 */
export function enrollmentInEffect(db: DbOrTx) {
  return exists(
    db
      .select({ one: user.id })
      .from(user)
      .where(and(eq(user.id, enrollments.userId), eq(user.emailVerified, true))),
  );
}

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

type Need = "view" | "roster" | "manage";
const sentence: Record<Need, string> = {
  view: "You are not a member of this course",
  roster: "Only the course's instructors and TAs can see this",
  manage: "Only the course's instructors (or an admin) can change this course",
};

/** courseAccess, then FORBIDDEN unless the actor has the needed level. */
export async function requireCourse(db: DbOrTx, actor: Actor, courseId: string, need: Need): Promise<CourseAccess> {
  const access = await courseAccess(db, actor, courseId);
  const ok = need === "view" ? access.canView : need === "roster" ? access.canSeeRoster : access.canManage;
  if (!ok) throw forbidden(sentence[need]);
  return access;
}
