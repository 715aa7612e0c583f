/**
 * The server's checks of a whole workspace document (docs/collab.md, "Limits"): what a client's
 * update may leave behind, and who may change comments. Server only: the browser's edit helpers
 * are in doc.ts and throw the same sentences before changing anything.
 */
import { fileNameProblem, runLanguages, workspaceLimits } from "@codeclass/validators";
import { displayName, getComments, getFiles, getMetaMap } from "@codeclass/workspace-doc";
import * as Y from "yjs";
import { z } from "zod";

/**
 * Checks a whole document against the rules (the server applies a client's update to a copy
 * and refuses it when this returns a sentence). Returns null when the document is fine.
 */
export function docProblem(doc: Y.Doc): string | null {
  const files = getFiles(doc);
  if (files.size > workspaceLimits.maxFiles)
    return `too many files (${files.size}): the limit is ${workspaceLimits.maxFiles} files in a workspace`;
  let chars = 0;
  const paths = [...files.keys()];
  const sorted = [...paths].sort();
  if (doc.store.pendingStructs || doc.store.pendingDs)
    return "the change depends on edits the server does not have: reload the page to get the current workspace";
  for (const [path, text] of files.entries()) {
    const problem = fileNameProblem(path);
    if (problem) return `path: ${problem}`;
    if (!(text instanceof Y.Text)) return `file "${path}" is not text`;
    // Embeds and formatting count as one or no characters whatever their size: plain text only.
    for (let item = text._start; item !== null; item = item.right)
      if (!item.deleted && !(item.content instanceof Y.ContentString))
        return `file "${path}" may hold only plain text (no formatting or embedded objects)`;
    chars += text.length;
  }
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as string;
    // a sorted list puts "src/…" right after "src" (or after "src-…"/"src.…", so scan forward)
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as string;
      if (!b.startsWith(a)) break;
      if (b.startsWith(`${a}/`)) return `path: "${a}" is a file, so it cannot hold "${b}"`;
    }
  }
  if (chars > workspaceLimits.docChars)
    return `workspace too large (${chars} characters): the limit is ${workspaceLimits.docChars} characters of text`;
  for (const key of doc.share.keys())
    if (!rootKeys.includes(key)) return `unknown part "${key.slice(0, 40)}": a workspace holds only ${rootKeys.join(", ")}`;
  const meta = getMetaMap(doc);
  if (meta.size > maxMetaKeys) return `too many settings: the limit is ${maxMetaKeys}`;
  for (const [key, value] of meta.entries())
    if (jsonLength(value) > maxMetaValueChars)
      return `setting "${key.slice(0, 40)}" is too long: the limit is ${maxMetaValueChars} characters`;
  const language = meta.get("language");
  if (language !== undefined && !(runLanguages as readonly string[]).includes(language as string))
    return `language must be one of ${runLanguages.join(", ")}`;
  const comments = getComments(doc);
  if (comments.size > workspaceLimits.maxComments) return `too many comments: the limit is ${workspaceLimits.maxComments} in a workspace`;
  for (const [key, c] of comments.entries()) {
    if (typeof c === "object" && c !== null && typeof c.text === "string" && c.text.length > workspaceLimits.commentChars)
      return `comment is too long: the limit is ${workspaceLimits.commentChars} characters`;
    const parsed = commentSchema.safeParse(c);
    if (!parsed.success || parsed.data.id !== key)
      return "a comment must have the fields of docs/collab.md (id, file, line, anchor, author, text, time, resolved)";
  }
  return null;
}

/** A stored comment's shape (docs/collab.md); every viewer reads these fields. */
const commentSchema = z
  .object({
    id: z.string().min(1).max(64),
    file: z.string().max(workspaceLimits.pathLength),
    line: z.number().int().min(1).max(10_000_000),
    anchor: z.string().max(256),
    authorId: z.string().min(1).max(64),
    authorName: z.string().max(200),
    text: z.string().min(1).max(workspaceLimits.commentChars),
    createdAt: z.iso.datetime(),
    resolved: z.boolean(),
    resolvedBy: z.string().max(64).optional(),
    resolvedAt: z.iso.datetime().optional(),
  })
  .strict();

/**
 * Who may change comments, comparing the document before and after an update: a new comment
 * is the sender's own, under their own name (`displayName` of the signed-in user); only its
 * author edits a comment's text; anyone who may write resolves or reopens it (as themselves); a
 * comment is removed by its author, by staff, or with its file. A renamed file is not a removed
 * one: its comments move with it (as `renameFile` does), to a file the update created, and are
 * not dropped, or a writer could delete anybody's comments by renaming their file.
 * Returns a sentence when the change is not allowed.
 */
export function commentChangeProblem(
  before: Y.Doc,
  after: Y.Doc,
  actor: { userId: string; userName: string; staff: boolean },
): string | null {
  const old = getComments(before);
  const now = getComments(after);
  const files = getFiles(after);
  const oldFiles = getFiles(before);
  const renamed = renamedFiles(before, after);
  const ownName = displayName(actor.userName);
  const wrongName = `a comment is signed with your own name: ${ownName}`;
  for (const [id, c] of now.entries()) {
    const prev = old.get(id);
    if (!prev) {
      if (c.authorId !== actor.userId) return "a new comment must be your own";
      if (c.authorName !== ownName) return wrongName;
      continue;
    }
    if (JSON.stringify(prev) === JSON.stringify(c)) continue;
    // An author who edits keeps the name the comment has, or signs with their current one.
    if (c.authorName !== prev.authorName && c.authorName !== ownName) return wrongName;
    const { resolved: r0, resolvedBy: b0, resolvedAt: a0, ...body0 } = prev;
    const { resolved: r1, resolvedBy: b1, resolvedAt: a1, ...body1 } = c;
    if (JSON.stringify(body0) !== JSON.stringify(body1) && !(prev.authorId === actor.userId && c.authorId === actor.userId)) {
      // Moving a comment with its renamed file keeps everything but file, line and anchor, and
      // takes it from a file the update removed to one it created.
      const { file: f0, line: l0, anchor: an0, ...rest0 } = body0;
      const { file: f1, line: l1, anchor: an1, ...rest1 } = body1;
      if (JSON.stringify(rest0) !== JSON.stringify(rest1) || files.has(f0) || !files.has(f1) || oldFiles.has(f1))
        return "only its author can change a comment";
    }
    if ((r0 !== r1 || b0 !== b1 || a0 !== a1) && r1 && b1 !== actor.userId) return "a comment is resolved in your own name";
  }
  for (const [id, c] of old.entries()) {
    if (now.has(id)) continue;
    if (c.authorId === actor.userId || actor.staff) continue;
    if (files.has(c.file)) return "only its author or the course staff can delete a comment";
    if (renamed.has(c.file))
      return `a renamed file keeps its comments: move them to "${renamed.get(c.file)}"; only its author or the course staff can delete a comment`;
  }
  return null;
}

const rootKeys = ["files", "meta", "comments"];
const maxMetaKeys = 20;
const maxMetaValueChars = 1000;

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Files that only changed name between `before` and `after`: old path → new path, for each path
 * gone whose content a new path holds (one new path per old one).
 */
export function renamedFiles(before: Y.Doc, after: Y.Doc): Map<string, string> {
  const old = getFiles(before);
  const now = getFiles(after);
  const gone = new Map<string, string[]>();
  for (const [path, text] of old.entries()) {
    if (now.has(path)) continue;
    const content = text.toString();
    gone.set(content, [...(gone.get(content) ?? []), path]);
  }
  const renamed = new Map<string, string>();
  for (const [path, text] of now.entries()) {
    if (old.has(path)) continue;
    const from = gone.get(text.toString())?.shift();
    if (from !== undefined) renamed.set(from, path);
  }
  return renamed;
}

/**
 * Characters inserted by an update (text content only), e.g. to spot a large paste. Takes the
 * update, or its structs when the caller has decoded it already (one decode per keystroke).
 */
export function insertedChars(update: Uint8Array | readonly (Y.Item | Y.GC | Y.Skip)[]): number {
  const structs = update instanceof Uint8Array ? Y.decodeUpdate(update).structs : update;
  let n = 0;
  for (const s of structs) {
    if (s instanceof Y.Item && s.content instanceof Y.ContentString) n += s.content.str.length;
  }
  return n;
}
