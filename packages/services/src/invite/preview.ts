import { courses, type Database, enrollments, user } from "@codeclass/db";
import { type CourseRole, joinPreviewInput } from "@codeclass/validators";
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import { checkJoinTarget, findCourseSecret, findInvitation, findJoinTarget } from "./join-course.ts";

/** The most instructor names a preview lists. */
const maxInstructors = 10;

/** What someone holding a code or link sees before joining; nothing else about the course. */
export interface JoinPreview {
  course: { code: string; title: string };
  /** The course's instructors' names, alphabetically (at most 10). */
  instructors: string[];
  /** The role joining gives (a member keeps theirs). */
  role: "student" | "ta";
  /** The caller's own place in the course when they are in it already: where to go instead of joining. */
  member: { courseId: string; role: CourseRole } | null;
}

/**
 * The course behind a join code or an invitation link's token, for the join page, with the same
 * checks and messages as joining (off, expired, replaced, another address's invitation, archived)
 * and the same wrong-code budget, so previewing is no faster way to guess. Writes nothing but the
 * caller's attempt count.
 */
export async function preview(db: Database, actor: Actor, raw: z.input<typeof joinPreviewInput>): Promise<JoinPreview> {
  const { code, token } = joinPreviewInput.parse(raw);
  const target =
    code !== undefined
      ? await findJoinTarget(db, actor, "code", () => findCourseSecret(db, "code", code))
      : await findJoinTarget(
          db,
          actor,
          "token",
          async () => (await findCourseSecret(db, "link", token!)) ?? (await findInvitation(db, token!)),
        );
  const field = code !== undefined ? "code" : "token";
  return db.transaction(async (tx) => {
    const [course] = await tx.select().from(courses).where(eq(courses.id, target.courseId));
    if (!course) throw notFound("is no longer valid: its course was deleted", field);
    const [me] = await tx.select({ email: user.email }).from(user).where(eq(user.id, actor.id));
    if (!me) throw forbidden("your account no longer exists");
    const grant = await checkJoinTarget(tx, target, me.email, actor, field);
    if (course.archivedAt) throw conflict("This course is archived: it takes no new members");
    const instructors = await tx
      .select({ name: user.name })
      .from(enrollments)
      .innerJoin(user, eq(user.id, enrollments.userId))
      .where(and(eq(enrollments.courseId, course.id), eq(enrollments.role, "instructor")))
      .orderBy(asc(user.name))
      .limit(maxInstructors);
    const [mine] = await tx
      .select({ role: enrollments.role })
      .from(enrollments)
      .where(and(eq(enrollments.courseId, course.id), eq(enrollments.userId, actor.id)));
    return {
      course: { code: course.code, title: course.title },
      instructors: instructors.map((i) => i.name),
      role: grant.role === "ta" ? "ta" : "student",
      member: mine ? { courseId: course.id, role: mine.role } : null,
    };
  });
}
