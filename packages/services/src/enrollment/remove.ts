import { type Database, enrollments } from "@codeclass/db";
import { enrollmentRemoveInput } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { currentEnrollment, keepOneInstructor, lockManagedCourse } from "./guards.ts";

/** Removes a member from a course; the last instructor cannot be removed. */
export async function remove(db: Database, actor: Actor, raw: z.input<typeof enrollmentRemoveInput>) {
  const { courseId, userId } = enrollmentRemoveInput.parse(raw);
  return db.transaction(async (tx) => {
    await lockManagedCourse(tx, actor, courseId);
    const current = await currentEnrollment(tx, courseId, userId);
    await keepOneInstructor(tx, courseId, current);
    await tx.delete(enrollments).where(and(eq(enrollments.courseId, courseId), eq(enrollments.userId, userId)));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "enrollment.remove",
      targetType: "user",
      targetId: userId,
      courseId,
      data: { role: current.role },
    });
    return { ok: true as const };
  });
}
