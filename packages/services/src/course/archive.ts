import { courses, type Database } from "@codeclass/db";
import { courseArchiveInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { publicCourse } from "./public-course.ts";

/** Archives (read-only for the roster, hidden from "my courses" by default) or restores a course. */
export async function archive(db: Database, actor: Actor, raw: z.input<typeof courseArchiveInput>) {
  const { courseId, archived } = courseArchiveInput.parse(raw);
  return db.transaction(async (tx) => {
    const { course: before } = await requireCourse(tx, actor, courseId, "manage");
    if (Boolean(before.archivedAt) === archived) return publicCourse(before);
    const [course] = await tx
      .update(courses)
      .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
      .where(eq(courses.id, courseId))
      .returning();
    if (!course) throw new Error("update returned no row");
    await recordAudit(tx, {
      actorId: actor.id,
      action: archived ? "course.archive" : "course.restore",
      targetType: "course",
      targetId: courseId,
      courseId,
    });
    return publicCourse(course);
  });
}
