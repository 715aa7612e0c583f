import { type Database, enrollments, gradeOverrides } from "@codeclass/db";
import { gradeOverrideInput } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest } from "../errors.ts";
import { requireAssignment } from "./require-assignment.ts";

/** Sets (or with `score: null` removes) a student's grade by hand, with a reason (staff); each change is audited with the grade before it. */
export async function setOverride(db: Database, actor: Actor, raw: z.input<typeof gradeOverrideInput>) {
  const input = gradeOverrideInput.parse(raw);
  const { assignment } = await requireAssignment(db, actor, input.assignmentId, "staff");
  const [member] = await db
    .select({ role: enrollments.role })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, assignment.courseId), eq(enrollments.userId, input.userId)));
  if (member?.role !== "student") throw badRequest("is not a student of this course", "userId");
  return db.transaction(async (tx) => {
    const key = and(eq(gradeOverrides.assignmentId, assignment.id), eq(gradeOverrides.userId, input.userId));
    const [before] = await tx.select().from(gradeOverrides).where(key);
    if (input.score === null) await tx.delete(gradeOverrides).where(key);
    else {
      const values = {
        assignmentId: assignment.id,
        userId: input.userId,
        score: input.score,
        reason: input.reason,
        setBy: actor.id,
        setAt: new Date(),
      };
      await tx
        .insert(gradeOverrides)
        .values(values)
        .onConflictDoUpdate({ target: [gradeOverrides.assignmentId, gradeOverrides.userId], set: values });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.score === null ? "grade.override.remove" : "grade.override.set",
      targetType: "assignment",
      targetId: assignment.id,
      courseId: assignment.courseId,
      data: { userId: input.userId, score: input.score, before: before?.score ?? null, reason: input.reason },
    });
    return { userId: input.userId, score: input.score, reason: input.reason };
  });
}
