import { type Database, enrollments } from "@codeclass/db";
import { enrollmentSetRoleInput } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { currentEnrollment, keepOneInstructor, lockManagedCourse } from "./guards.ts";
import { selectRoster } from "./select-roster.ts";

/** Changes a member's course role; the last instructor cannot be demoted. */
export async function setRole(db: Database, actor: Actor, raw: z.input<typeof enrollmentSetRoleInput>) {
  const { courseId, userId, role } = enrollmentSetRoleInput.parse(raw);
  return db.transaction(async (tx) => {
    await lockManagedCourse(tx, actor, courseId);
    const current = await currentEnrollment(tx, courseId, userId);
    if (current.role !== role) {
      if (role !== "instructor") await keepOneInstructor(tx, courseId, current);
      await tx
        .update(enrollments)
        .set({ role })
        .where(and(eq(enrollments.courseId, courseId), eq(enrollments.userId, userId)));
      await recordAudit(tx, {
        actorId: actor.id,
        action: "enrollment.setRole",
        targetType: "user",
        targetId: userId,
        courseId,
        data: { from: current.role, to: role },
      });
    }
    const [entry] = await selectRoster(tx, courseId, userId);
    return entry!;
  });
}
