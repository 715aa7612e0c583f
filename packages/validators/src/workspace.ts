import { z } from "zod";
import { courseId } from "./course.ts";

/**
 * Workspace (collaborative document) limits. `maxFiles` and `pathLength` are the sandbox's
 * (`defaultLimits.files`, `fileNameProblem`), so every workspace can be run as it is.
 */
export const workspaceLimits = {
  /** Files in one workspace. */
  maxFiles: 50,
  /** Characters in one file path. */
  pathLength: 200,
  /** Folder depth of a path. */
  pathDepth: 8,
  /** Bytes of one Yjs update sent by a client. */
  updateBytes: 256 * 1024,
  /** Characters of text in all files of one workspace. */
  docChars: 2 * 1024 * 1024,
  /** Characters of one review comment. */
  commentChars: 4000,
  /** Comments in one workspace. */
  maxComments: 2000,
} as const;

const pathSegment = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/**
 * The sandbox's file-name rule (sandbox/src/files.ts `fileNameProblem`), repeated here so
 * the browser and the collab server check paths without importing the sandbox; a test in
 * packages/collab keeps the two equal. Returns a sentence, or null when the name is fine.
 */
export function fileNameProblem(path: string): string | null {
  if (typeof path !== "string" || path.length === 0) return "a file name is empty";
  if (path.length > workspaceLimits.pathLength)
    return `file name "${path.slice(0, 40)}…" is too long: the limit is ${workspaceLimits.pathLength} characters`;
  if (path.startsWith("/")) return `file name "${path}" must be relative, not absolute`;
  const parts = path.split("/");
  if (parts.length > workspaceLimits.pathDepth)
    return `file name "${path}" is nested too deep: at most ${workspaceLimits.pathDepth} levels`;
  for (const p of parts) {
    if (p === "" || p === "." || p === "..") return `file name "${path}" may not contain empty, "." or ".." parts`;
    if (!pathSegment.test(p)) return `file name "${path}" may hold only letters, digits, "_", "-", "+" and "." (and "/" between folders)`;
  }
  if (parts[0] === "main" && parts.length === 1) return `"main" is reserved for the compiled program`;
  return null;
}

/** A workspace file path (zod), with the sandbox's rules. */
export const filePath = z.string({ error: "path must be text" }).superRefine((p, ctx) => {
  const problem = fileNameProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: `path: ${problem}` });
});

export const workspaceId = z.uuid({ error: "workspaceId must be a workspace id (a UUID)" });
export const workspaceRef = z.object({ workspaceId }).strict();
export const workspaceHistoryInput = z
  .object({
    workspaceId,
    afterId: z
      .number({ error: "afterId must be a number" })
      .int({ error: "afterId must be a whole number" })
      .min(0, { error: "afterId must be 0 or more" })
      .optional(),
    limit: z
      .number({ error: "limit must be a number" })
      .int({ error: "limit must be a whole number" })
      .min(1, { error: "limit must be at least 1" })
      .max(500, { error: "limit is too large: the limit is 500" })
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
