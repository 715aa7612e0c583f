import { assignments, type Database } from "@codeclass/db";
import { assignmentCreateInput } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest, forbidden } from "../errors.ts";
import { starterFrom } from "./starter-from.ts";

/** Creates an assignment in a course (staff); its starter is the given workspace's files or the course template. */
export async function create(db: Database, actor: Actor, raw: z.input<typeof assignmentCreateInput>) {
  const input = assignmentCreateInput.parse(raw);
  const access = await requireCourse(db, actor, input.courseId, "roster");
  if (access.course.archivedAt) throw forbidden("This course is archived: no new assignments");
  if (input.opensAt && input.dueAt && input.dueAt < input.opensAt) throw badRequest("must be after the opening date", "dueAt");
  const starter = await starterFrom(db, actor, input.courseId, input.starterWorkspaceId);
  const { starterWorkspaceId: _, ...fields } = input;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assignments)
      .values({ ...fields, statement: fields.statement ?? "", starter, createdBy: actor.id })
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.create",
      targetType: "assignment",
      targetId: row!.id,
      courseId: input.courseId,
      data: { title: row!.title },
    });
    return { id: row!.id, title: row!.title };
  });
}
