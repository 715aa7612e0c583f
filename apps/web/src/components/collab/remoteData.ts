import { type Comment, getComments } from "@codeclass/workspace-doc";
import * as Y from "yjs";

// Awareness states and comments come from other clients: every field is checked before use, and
// whatever does not have the shape of docs/collab.md is ignored, never trusted to not throw.

function isId(value: unknown): value is { client: number; clock: number } {
  if (typeof value !== "object" || value === null) return false;
  const { client, clock } = value as Record<string, unknown>;
  return Number.isSafeInteger(client) && (client as number) >= 0 && Number.isSafeInteger(clock) && (clock as number) >= 0;
}

/**
 * A relative position from its JSON form (as awareness carries y-monaco's `selection`), or null
 * when it is malformed. Positions naming a root type (`tname`) are refused too: the workspace's
 * positions are all inside a file's Y.Text, and resolving a root name would create that root.
 */
export function relativePosition(json: unknown): Y.RelativePosition | null {
  if (typeof json !== "object" || json === null) return null;
  const { item, type, tname, assoc } = json as Record<string, unknown>;
  if (tname != null) return null;
  if (item != null && !isId(item)) return null;
  if (type != null && !isId(type)) return null;
  if (item == null && type == null) return null;
  if (assoc != null && !Number.isFinite(assoc)) return null;
  try {
    return Y.createRelativePositionFromJSON(json);
  } catch {
    return null;
  }
}

/** Where a (possibly remote, possibly malformed) relative position is now in `text`; null if elsewhere or bad. */
export function positionIn(rpos: unknown, doc: Y.Doc, text: Y.Text): number | null {
  const pos = relativePosition(rpos);
  if (!pos) return null;
  try {
    const abs = Y.createAbsolutePositionFromRelativePosition(pos, doc);
    return abs && abs.type === text && Number.isInteger(abs.index) ? Math.max(0, Math.min(abs.index, text.length)) : null;
  } catch {
    return null;
  }
}

/**
 * A stored comment with the fields of docs/collab.md, or null when one the viewer needs is
 * missing or of the wrong type. The map key is its id; display-only fields are coerced.
 */
export function readComment(id: string, value: unknown): Comment | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const { file, text, anchor, createdAt, resolved } = v;
  if (typeof file !== "string" || typeof text !== "string" || typeof anchor !== "string" || typeof resolved !== "boolean") return null;
  if (typeof createdAt !== "string" || Number.isNaN(Date.parse(createdAt))) return null;
  const comment: Comment = {
    id,
    file,
    line: Number.isSafeInteger(v.line) && (v.line as number) >= 1 ? (v.line as number) : 1,
    anchor,
    authorId: typeof v.authorId === "string" ? v.authorId : "",
    authorName: typeof v.authorName === "string" && v.authorName.trim() ? v.authorName : "Someone",
    text,
    createdAt,
    resolved,
  };
  if (typeof v.resolvedBy === "string") comment.resolvedBy = v.resolvedBy;
  if (typeof v.resolvedAt === "string") comment.resolvedAt = v.resolvedAt;
  return comment;
}

/** Every well-formed comment of the document, oldest first. */
export function readComments(doc: Y.Doc): Comment[] {
  const out: Comment[] = [];
  for (const [id, value] of getComments(doc).entries()) {
    const c = readComment(id, value);
    if (c) out.push(c);
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}
