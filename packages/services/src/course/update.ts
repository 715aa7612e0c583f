import { courses, type Database } from "@codeclass/db";
import { type CourseUpdateInput, courseUpdateInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { isUniqueViolation } from "../pg-errors.ts";
import { publicCourse } from "./public-course.ts";

/** Admins and the course's instructors edit code, title, term and description. */
export async function update(db: Database, actor: Actor, raw: CourseUpdateInput) {
  const { courseId, ...changes } = courseUpdateInput.parse(raw);
  try {
    return await db.transaction(async (tx) => {
      await requireCourse(tx, actor, courseId, "manage");
      const [course] = await tx
        .update(courses)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(courses.id, courseId))
        .returning();
      if (!course) throw new Error("update returned no row");
      await recordAudit(tx, {
        actorId: actor.id,
        action: "course.update",
        targetType: "course",
        targetId: courseId,
        courseId,
        data: { changes },
      });
      return publicCourse(course);
    });
  } catch (e) {
    if (isUniqueViolation(e, "courses_code_lower_idx")) throw conflict(`a course with code "${changes.code}" already exists`, "code");
    throw e;
  }
}
