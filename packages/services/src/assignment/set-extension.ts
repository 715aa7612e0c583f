import { assignmentExtensions, type Database, enrollments } from "@codeclass/db";
import { assignmentExtensionInput } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest } from "../errors.ts";
import { requireAssignment } from "./require-assignment.ts";

/** Gives one student of the course a later due date (null removes it); staff; audited. */
export async function setExtension(db: Database, actor: Actor, raw: z.input<typeof assignmentExtensionInput>) {
  const input = assignmentExtensionInput.parse(raw);
  const { assignment } = await requireAssignment(db, actor, input.assignmentId, "staff");
  const [member] = await db
    .select({ role: enrollments.role })
    .from(enrollments)
    .where(and(eq(enrollments.courseId, assignment.courseId), eq(enrollments.userId, input.userId)));
  if (member?.role !== "student") throw badRequest("is not a student of this course", "userId");
  return db.transaction(async (tx) => {
    const key = and(eq(assignmentExtensions.assignmentId, assignment.id), eq(assignmentExtensions.userId, input.userId));
    if (input.dueAt === null) await tx.delete(assignmentExtensions).where(key);
    else {
      const values = { assignmentId: assignment.id, userId: input.userId, dueAt: input.dueAt, grantedBy: actor.id };
      await tx
        .insert(assignmentExtensions)
        .values(values)
        .onConflictDoUpdate({ target: [assignmentExtensions.assignmentId, assignmentExtensions.userId], set: values });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.extension.set",
      targetType: "assignment",
      targetId: assignment.id,
      courseId: assignment.courseId,
      data: { userId: input.userId, dueAt: input.dueAt?.toISOString() ?? null },
    });
    return { userId: input.userId, dueAt: input.dueAt };
  });
}
