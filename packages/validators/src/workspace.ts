import { fileNameLimits, fileNameProblem } from "@codeclass/sandbox/rules";
import { z } from "zod";
import { courseId } from "./course.ts";

/**
 * Workspace (collaborative document) limits. `maxFiles` is the sandbox's `defaultLimits.files`
 * and the path limits its file-name rule's, so every workspace can be run as it is.
 */
export const workspaceLimits = {
  /** Files in one workspace. */
  maxFiles: 50,
  /** Characters in one file path. */
  pathLength: fileNameLimits.pathLength,
  /** Folder depth of a path. */
  pathDepth: fileNameLimits.pathDepth,
  /** Bytes of one Yjs update sent by a client. */
  updateBytes: 256 * 1024,
  /** Characters of text in all files of one workspace. */
  docChars: 2 * 1024 * 1024,
  /** Characters of one review comment. */
  commentChars: 4000,
  /** Comments in one workspace. */
  maxComments: 2000,
} as const;

/** The sandbox's file-name rule (its one home is `@codeclass/sandbox/rules`), so every workspace can be run as it is. */
export { fileNameProblem };

/** A workspace file path (zod), with the sandbox's rules. */
export const filePath = z.string({ error: "must be text" }).superRefine((p, ctx) => {
  const problem = fileNameProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const workspaceId = z.uuid({ error: "must be a workspace id (a UUID)" });
export const workspaceRef = z.object({ workspaceId }).strict();
export const workspaceHistoryInput = z
  .object({
    workspaceId,
    afterId: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be 0 or more" })
      .optional(),
    limit: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(500, { error: "is too large: the limit is 500" })
      .default(100),
  })
  .strict();
export const workspaceSetTemplateInput = z.object({ courseId, workspaceId }).strict();

/** Document name of a workspace's Y.Doc: `workspace:<uuid>`. */
export const workspaceDocumentPrefix = "workspace:";
export function workspaceDocumentName(id: string): string {
  return `${workspaceDocumentPrefix}${id}`;
}
/** The workspace id of a document name, or null when the name is not `workspace:<uuid>`. */
export function workspaceIdOfDocument(name: string): string | null {
  if (typeof name !== "string" || !name.startsWith(workspaceDocumentPrefix)) return null;
  const id = name.slice(workspaceDocumentPrefix.length);
  // Only the canonical (lower-case) spelling: another one would open a second copy of the same document.
  return workspaceId.safeParse(id).success && id === id.toLowerCase() ? id : null;
}
