import { courses, type Database, enrollments, user } from "@codeclass/db";
import { type CourseCreateInput, courseCreateInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import { type Actor, isAdmin } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, forbidden } from "../errors.ts";
import { isUniqueViolation } from "../pg-errors.ts";
import { publicCourse } from "./public-course.ts";

/** Admins and global instructors create courses; the creator becomes its first instructor. */
export async function create(db: Database, actor: Actor, raw: CourseCreateInput) {
  if (actor.role === "student") throw forbidden("Only instructors and admins can create courses");
  const input = courseCreateInput.parse(raw);
  try {
    return await db.transaction(async (tx) => {
      // The creator's enrollment would not count before their address is verified (access/enrollment-in-effect.ts).
      const [me] = await tx.select({ verified: user.emailVerified }).from(user).where(eq(user.id, actor.id));
      if (!isAdmin(actor) && !me?.verified)
        throw forbidden(
          "Confirm your email address first (open the link we mailed you, or send it again from the banner), then create the course",
        );
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
    if (isUniqueViolation(e, "courses_code_lower_idx")) throw conflict(`a course with code "${input.code}" already exists`, "code");
    throw e;
  }
}
