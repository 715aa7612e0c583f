import { courseTemplates, type DbOrTx } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { badRequest } from "../errors.ts";
import { loadWorkspaceFiles } from "../workspace/index.ts";
import type { AssignmentRow } from "./require-assignment.ts";

/**
 * An assignment's starter: the files of `workspaceId` (which the actor may read, in the course),
 * else the course template (the mechanism new student workspaces use), else none.
 */
export async function starterFrom(db: DbOrTx, actor: Actor, courseId: string, workspaceId?: string): Promise<AssignmentRow["starter"]> {
  if (workspaceId) {
    const a = await requireWorkspace(db, actor, workspaceId, "read");
    if (a.workspace.courseId !== courseId) throw badRequest("that workspace belongs to another course", "starterWorkspaceId");
    const content = await loadWorkspaceFiles(db, workspaceId);
    return { files: content.files, language: content.language, entry: content.entry };
  }
  const [template] = await db.select().from(courseTemplates).where(eq(courseTemplates.courseId, courseId));
  return template ? { files: template.files, language: template.language, entry: template.entry } : null;
}
