import { courseTemplates, type Database } from "@codeclass/db";
import { workspaceSetTemplateInput } from "@codeclass/validators";
import type { z } from "zod";
import { requireCourse, requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest, forbidden } from "../errors.ts";
import { loadWorkspaceFiles } from "./load-workspace-doc.ts";

/** Copies a workspace's files and language as the course's template for new student workspaces. */
export async function setTemplate(db: Database, actor: Actor, raw: z.input<typeof workspaceSetTemplateInput>) {
  const input = workspaceSetTemplateInput.parse(raw);
  const access = await requireCourse(db, actor, input.courseId, "roster");
  if (access.course.archivedAt) throw forbidden("This course is archived: its template can no longer change (unarchive it first)");
  const a = await requireWorkspace(db, actor, input.workspaceId, "read");
  if (a.workspace.courseId !== input.courseId) throw badRequest("that workspace belongs to another course", "workspaceId");
  const content = await loadWorkspaceFiles(db, input.workspaceId);
  const values = {
    courseId: input.courseId,
    files: content.files,
    language: content.language,
    entry: content.entry,
    sourceWorkspaceId: input.workspaceId,
    updatedBy: actor.id,
    updatedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    await tx.insert(courseTemplates).values(values).onConflictDoUpdate({ target: courseTemplates.courseId, set: values });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "course.template.set",
      targetType: "course",
      targetId: input.courseId,
      courseId: input.courseId,
      data: { workspaceId: input.workspaceId, files: content.files.length },
    });
  });
  return { courseId: input.courseId, files: content.files.length, language: content.language };
}
