/**
 * A workspace's Y.Doc: its shape (see docs/collab.md, "Shape of the Y.Doc"), the edit helpers
 * the browser and the tests use, and its content as plain values for the server (template
 * copies, runs). The one home of that shape: the browser, `@codeclass/collab` and
 * `@codeclass/services` import it. Browser-safe: imports only yjs and @codeclass/validators.
 * Every mutation is one `doc.transact` and throws an Error naming the problem and the limit
 * before changing anything. The collaboration server's whole-document checks are in
 * packages/collab/src/validate.ts.
 */
import { fileNameProblem, runLanguages, limits as validatorLimits, workspaceLimits } from "@codeclass/validators";
import * as Y from "yjs";

export { fileNameProblem, workspaceLimits };
export const limits = workspaceLimits;

/**
 * A user's name as others see it in a workspace (presence, comments): cut to the profile rule's
 * limit, so a name stored before that rule held cannot flood every viewer. The server signs
 * presence and checks comments with this; `addComment` applies it too, so both sides agree.
 */
export function displayName(name: string): string {
  if (name.length <= validatorLimits.name) return name;
  const cut = name.slice(0, validatorLimits.name);
  // never end on half of a surrogate pair
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A review comment, stored as a plain JSON value in the `comments` map. */
export interface Comment {
  id: string;
  file: string;
  /** 1-based line at creation (a fallback when the anchor no longer resolves). */
  line: number;
  /** base64 of an encoded Y.RelativePosition in the file's Y.Text. */
  anchor: string;
  authorId: string;
  authorName: string;
  text: string;
  /** ISO time. */
  createdAt: string;
  resolved: boolean;
  resolvedBy?: string;
  resolvedAt?: string;
}

export interface WorkspaceMeta {
  language: string | null;
  entry: string | null;
}

export interface WorkspaceFile {
  path: string;
  content: string;
}

/** path → Y.Text. */
export function getFiles(doc: Y.Doc): Y.Map<Y.Text> {
  return doc.getMap<Y.Text>("files");
}

export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>("meta");
}

export function getComments(doc: Y.Doc): Y.Map<Comment> {
  return doc.getMap<Comment>("comments");
}

/** Every file as plain text, sorted by path. */
export function filesOf(doc: Y.Doc): WorkspaceFile[] {
  const out: WorkspaceFile[] = [];
  for (const [path, text] of getFiles(doc).entries()) {
    out.push({ path, content: text instanceof Y.Text ? text.toString() : "" });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function assertPath(path: string): void {
  const problem = fileNameProblem(path);
  if (problem) throw new Error(`path: ${problem}`);
}

/** A path may not be a file and a folder at once ("src" and "src/a.py"). */
function folderClash(paths: Iterable<string>, path: string): string | null {
  for (const other of paths) {
    if (other === path) continue;
    if (other.startsWith(`${path}/`)) return `"${path}" is already a folder`;
    if (path.startsWith(`${other}/`)) return `"${other}" is a file, so it cannot hold "${path}"`;
  }
  return null;
}

function textChars(doc: Y.Doc): number {
  let n = 0;
  for (const t of getFiles(doc).values()) if (t instanceof Y.Text) n += t.length;
  return n;
}

/** Creates a file (optionally with content). Throws if the path is bad, taken, or the limits are reached. */
export function createFile(doc: Y.Doc, path: string, content = ""): Y.Text {
  assertPath(path);
  const files = getFiles(doc);
  if (files.has(path)) throw new Error(`file "${path}" already exists`);
  if (files.size >= workspaceLimits.maxFiles)
    throw new Error(`too many files: the limit is ${workspaceLimits.maxFiles} files in a workspace`);
  const clash = folderClash(files.keys(), path);
  if (clash) throw new Error(`path: ${clash}`);
  if (textChars(doc) + content.length > workspaceLimits.docChars)
    throw new Error(`workspace too large: the limit is ${workspaceLimits.docChars} characters of text`);
  const text = new Y.Text();
  doc.transact(() => {
    files.set(path, text);
    if (content) text.insert(0, content);
  });
  return text;
}

/** Renames or moves a file: a new Y.Text with the old content, the old key deleted, in one transaction. */
export function renameFile(doc: Y.Doc, from: string, to: string): Y.Text {
  assertPath(to);
  const files = getFiles(doc);
  const old = files.get(from);
  if (!old) throw new Error(`file "${from}" does not exist`);
  if (from === to) return old;
  if (files.has(to)) throw new Error(`file "${to}" already exists`);
  const clash = folderClash(
    [...files.keys()].filter((p) => p !== from),
    to,
  );
  if (clash) throw new Error(`path: ${clash}`);
  const content = old.toString();
  const text = new Y.Text();
  doc.transact(() => {
    files.set(to, text);
    if (content) text.insert(0, content);
    files.delete(from);
    const meta = getMetaMap(doc);
    if (meta.get("entry") === from) meta.set("entry", to);
    const comments = getComments(doc);
    for (const c of [...comments.values()]) {
      if (c.file !== from) continue;
      // Where the comment is now (its anchor in the old text), not the line it was made on.
      const at = commentPosition(doc, c);
      const index = at?.index ?? lineStart(content, c.line);
      comments.set(c.id, { ...c, file: to, line: lineOf(content, index), anchor: anchorAt(text, index) });
    }
  });
  return text;
}

/** Deletes a file (and its comments). */
export function deleteFile(doc: Y.Doc, path: string): void {
  const files = getFiles(doc);
  if (!files.has(path)) throw new Error(`file "${path}" does not exist`);
  doc.transact(() => {
    files.delete(path);
    const meta = getMetaMap(doc);
    if (meta.get("entry") === path) meta.delete("entry");
    const comments = getComments(doc);
    for (const c of [...comments.values()]) if (c.file === path) comments.delete(c.id);
  });
}

export function getMeta(doc: Y.Doc): WorkspaceMeta {
  const meta = getMetaMap(doc);
  const language = meta.get("language");
  const entry = meta.get("entry");
  return { language: typeof language === "string" ? language : null, entry: typeof entry === "string" ? entry : null };
}

/** Sets the sandbox language id (`python`, `c`, …). */
export function setLanguage(doc: Y.Doc, language: string): void {
  if (!(runLanguages as readonly string[]).includes(language)) throw new Error(`language must be one of ${runLanguages.join(", ")}`);
  doc.transact(() => getMetaMap(doc).set("language", language));
}

/** Sets (or clears, with null) the main file. */
export function setEntry(doc: Y.Doc, entry: string | null): void {
  if (entry !== null && !getFiles(doc).has(entry)) throw new Error(`entry: file "${entry}" does not exist`);
  doc.transact(() => {
    if (entry === null) getMetaMap(doc).delete("entry");
    else getMetaMap(doc).set("entry", entry);
  });
}

function lineStart(content: string, line: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const nl = content.indexOf("\n", index);
    if (nl < 0) return content.length;
    index = nl + 1;
  }
  return index;
}

function lineOf(content: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < content.length; i++) if (content.charCodeAt(i) === 10) line++;
  return line;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function anchorAt(text: Y.Text, index: number): string {
  return toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)));
}

export interface NewComment {
  file: string;
  /** 1-based line; used when `index` is not given. */
  line?: number;
  /** Character offset in the file; takes precedence over `line`. */
  index?: number;
  authorId: string;
  authorName: string;
  text: string;
  /** Defaults to a random UUID. */
  id?: string;
  /** Defaults to now. */
  createdAt?: Date;
}

/** Adds a review comment anchored to a position of a file. */
export function addComment(doc: Y.Doc, input: NewComment): Comment {
  const file = getFiles(doc).get(input.file);
  if (!file) throw new Error(`file "${input.file}" does not exist`);
  const body = input.text.trim();
  if (!body) throw new Error("comment text is required");
  if (body.length > workspaceLimits.commentChars)
    throw new Error(`comment is too long: the limit is ${workspaceLimits.commentChars} characters`);
  const comments = getComments(doc);
  if (comments.size >= workspaceLimits.maxComments)
    throw new Error(`too many comments: the limit is ${workspaceLimits.maxComments} in a workspace`);
  const content = file.toString();
  const index =
    input.index !== undefined
      ? Math.max(0, Math.min(content.length, input.index))
      : lineStart(content, Math.max(1, Math.floor(input.line ?? 1)));
  const comment: Comment = {
    id: input.id ?? globalThis.crypto.randomUUID(),
    file: input.file,
    line: lineOf(content, index),
    anchor: anchorAt(file, index),
    authorId: input.authorId,
    authorName: displayName(input.authorName),
    text: body,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    resolved: false,
  };
  doc.transact(() => comments.set(comment.id, comment));
  return comment;
}

/** Marks a comment resolved (or reopens it with `resolved: false`). */
export function resolveComment(doc: Y.Doc, id: string, by: string, resolved = true, at: Date = new Date()): Comment {
  const comments = getComments(doc);
  const old = comments.get(id);
  if (!old) throw new Error(`comment "${id}" does not exist`);
  const next: Comment = resolved
    ? { ...old, resolved: true, resolvedBy: by, resolvedAt: at.toISOString() }
    : { ...old, resolved: false, resolvedBy: undefined, resolvedAt: undefined };
  if (!resolved) {
    delete next.resolvedBy;
    delete next.resolvedAt;
  }
  doc.transact(() => comments.set(id, next));
  return next;
}

/** Comments, oldest first; optionally of one file. */
export function listComments(doc: Y.Doc, file?: string): Comment[] {
  return [...getComments(doc).values()]
    .filter((c) => file === undefined || c.file === file)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** Where a comment is now: its anchor resolved in the current text, else its original line. */
export function commentPosition(doc: Y.Doc, comment: Comment): { index: number; line: number } | null {
  const file = getFiles(doc).get(comment.file);
  if (!file) return null;
  const content = file.toString();
  try {
    const abs = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(comment.anchor)), doc);
    if (abs && abs.type === file) return { index: abs.index, line: lineOf(content, abs.index) };
  } catch {
    // a malformed anchor falls back to the line
  }
  const index = lineStart(content, comment.line);
  return { index, line: lineOf(content, index) };
}

/** A fresh document with these files and language (e.g. from a course template). */
export function seedDoc(doc: Y.Doc, files: WorkspaceFile[], language?: string | null, entry?: string | null): void {
  doc.transact(() => {
    for (const f of files) createFile(doc, f.path, f.content);
    if (language) setLanguage(doc, language);
    if (entry && getFiles(doc).has(entry)) setEntry(doc, entry);
  });
}

/** A workspace's files and settings as plain values. */
export interface WorkspaceContent {
  files: WorkspaceFile[];
  language: string | null;
  entry: string | null;
}

/** Reads files and meta out of a Y.Doc. */
export function contentOf(doc: Y.Doc): WorkspaceContent {
  return { files: filesOf(doc), ...getMeta(doc) };
}

/** A Y.Doc state (encodeStateAsUpdate) holding this content; null for an empty workspace. */
export function stateFromContent(content: WorkspaceContent | null): Uint8Array | null {
  if (!content || (content.files.length === 0 && !content.language)) return null;
  const doc = new Y.Doc();
  doc.transact(() => {
    const files = getFiles(doc);
    for (const f of content.files) files.set(f.path, new Y.Text(f.content));
    const meta = getMetaMap(doc);
    if (content.language) meta.set("language", content.language);
    if (content.entry && content.files.some((f) => f.path === content.entry)) meta.set("entry", content.entry);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
