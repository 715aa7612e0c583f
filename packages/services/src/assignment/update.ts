import { assignments, type Database } from "@codeclass/db";
import { assignmentUpdateInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest, forbidden } from "../errors.ts";
import { requireAssignment } from "./require-assignment.ts";
import { starterFrom } from "./starter-from.ts";

/** Changes an assignment's settings (staff). A new starter applies to workspaces made from then on. */
export async function update(db: Database, actor: Actor, raw: z.input<typeof assignmentUpdateInput>) {
  const input = assignmentUpdateInput.parse(raw);
  const { assignment, access } = await requireAssignment(db, actor, input.assignmentId, "staff");
  if (access.course.archivedAt) throw forbidden("This course is archived: its assignments can no longer change");
  const { assignmentId, starterWorkspaceId, ...fields } = input;
  const opensAt = fields.opensAt === undefined ? assignment.opensAt : fields.opensAt;
  const dueAt = fields.dueAt === undefined ? assignment.dueAt : fields.dueAt;
  if (opensAt && dueAt && dueAt < opensAt) throw badRequest("must be after the opening date", "dueAt");
  const starter = starterWorkspaceId ? await starterFrom(db, actor, assignment.courseId, starterWorkspaceId) : undefined;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(assignments)
      .set({ ...fields, ...(starter !== undefined ? { starter } : {}), updatedAt: new Date() })
      .where(eq(assignments.id, assignmentId))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.update",
      targetType: "assignment",
      targetId: assignmentId,
      courseId: assignment.courseId,
      data: { fields: Object.keys(fields).concat(starter !== undefined ? ["starter"] : []) },
    });
    return { id: row!.id, title: row!.title };
  });
}
