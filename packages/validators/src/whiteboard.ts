import { z } from "zod";
import { sessionId } from "./session.ts";
import { filePath, workspaceId } from "./workspace.ts";

/** Limits of a session's whiteboard document (checked by the collaboration server). */
export const whiteboardLimits = {
  /** Largest single update a client may send, bytes. */
  updateBytes: 1024 * 1024,
  /** Largest whiteboard (its stored state plus the updates since), bytes. */
  docBytes: 16 * 1024 * 1024,
} as const;

/** Staff let students draw on a session's whiteboard, or stop them. */
export const whiteboardStudentsInput = z.object({ sessionId, allowed: z.boolean({ error: "must be true or false" }) }).strict();

/** Document name of a session's whiteboard Y.Doc: `whiteboard:<session uuid>`. */
export const whiteboardDocumentPrefix = "whiteboard:";
export function whiteboardDocumentName(id: string): string {
  return `${whiteboardDocumentPrefix}${id}`;
}
/** The session id of a whiteboard document name, or null when the name is not `whiteboard:<uuid>`. */
export function sessionIdOfWhiteboardDocument(name: string): string | null {
  if (typeof name !== "string" || !name.startsWith(whiteboardDocumentPrefix)) return null;
  const id = name.slice(whiteboardDocumentPrefix.length);
  return sessionId.safeParse(id).success && id === id.toLowerCase() ? id : null;
}

/**
 * Staff send one file of a workspace (the course demo, or their own) into every enrolled
 * student's workspace. A student who already has a file of that name keeps it: the sent copy gets
 * a new name ("rename", the default), or replaces it ("overwrite"; the old text stays in history).
 */
export const workspaceSendFileInput = z
  .object({
    sessionId,
    workspaceId,
    path: filePath,
    onConflict: z.enum(["rename", "overwrite"], { error: 'must be "rename" or "overwrite"' }).default("rename"),
  })
  .strict();
