import { courseTemplates, type DbOrTx, workspaces, workspaceUpdates } from "@codeclass/db";
import { stateFromContent } from "@codeclass/workspace-doc";
import { eq } from "drizzle-orm";
import type { WorkspaceRow } from "../access/index.ts";

/**
 * Creates the workspaces that do not exist yet (a concurrent creation wins quietly) and returns
 * the ones it made. Each starts from the course template, written as the first row of its edit
 * log (source "template") so its history replays from the very beginning.
 */
export async function createWorkspaces(
  db: DbOrTx,
  courseId: string,
  wanted: { ownerId: string | null; kind: "student" | "demo" | "group"; assignmentId?: string }[],
  /** What they start from instead of the course template (an assignment's starter). */
  starter?: { files: { path: string; content: string }[]; language: string | null; entry: string | null; by: string | null } | null,
): Promise<WorkspaceRow[]> {
  if (wanted.length === 0) return [];
  return db.transaction(async (tx) => {
    const made = await tx
      .insert(workspaces)
      .values(wanted.map((w) => ({ courseId, ownerId: w.ownerId, kind: w.kind, assignmentId: w.assignmentId ?? null })))
      .onConflictDoNothing()
      .returning();
    const [courseTemplate] =
      starter === undefined ? await tx.select().from(courseTemplates).where(eq(courseTemplates.courseId, courseId)) : [];
    const template = starter ? { ...starter, updatedBy: starter.by } : courseTemplate;
    const state = template ? stateFromContent({ files: template.files, language: template.language, entry: template.entry }) : null;
    if (state && made.length > 0) {
      const insertedChars = template!.files.reduce((n, f) => n + f.content.length, 0);
      await tx.insert(workspaceUpdates).values(
        made.map((w) => ({
          workspaceId: w.id,
          authorId: template!.updatedBy,
          update: state,
          bytes: state.byteLength,
          insertedChars,
          source: "template" as const,
        })),
      );
    }
    return made;
  });
}
