import { courses, type Database, enrollments } from "@codeclass/db";
import { type CourseCreateInput, courseCreateInput } from "@codeclass/validators";
import type { Actor } from "./actor.ts";
import { recordAudit } from "./audit.ts";
import { publicCourse } from "./course-public.ts";
import { conflict, forbidden } from "./errors.ts";
import { isUniqueViolation } from "./pg-errors.ts";

/** Admins and global instructors create courses; the creator becomes its first instructor. */
export async function createCourse(db: Database, actor: Actor, raw: CourseCreateInput) {
  if (actor.role === "student") throw forbidden("Only instructors and admins can create courses");
  const input = courseCreateInput.parse(raw);
  try {
    return await db.transaction(async (tx) => {
      const [course] = await tx
        .insert(courses)
        .values({ ...input, term: input.term ?? null, createdBy: actor.id })
        .returning();
      if (!course) throw new Error("insert returned no row");
      await tx.insert(enrollments).values({ courseId: course.id, userId: actor.id, role: "instructor" });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "course.create",
        targetType: "course",
        targetId: course.id,
        courseId: course.id,
        data: { code: course.code },
      });
      return publicCourse(course);
    });
  } catch (e) {
    if (isUniqueViolation(e, "courses_code_lower_idx")) throw conflict(`code: a course with code "${input.code}" already exists`, "code");
    throw e;
  }
}
