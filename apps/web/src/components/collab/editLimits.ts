import { getFiles, workspaceLimits } from "@codeclass/workspace-doc";
import * as Y from "yjs";

// docs/collab.md: the server closes a document on an update over `updateBytes` or a workspace over
// `docChars`, and the refused change would stay in this browser's Y.Doc; so the editor refuses
// such an edit before it reaches Yjs.

/** Room for what a Yjs update and its message add to the inserted text (ids, lengths, the document name). */
const overheadBytes = 1024;
const overheadPerChange = 64;

/** UTF-8 bytes of a string (as Yjs encodes text). */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Characters of text in all files now. */
export function workspaceChars(doc: Y.Doc): number {
  let n = 0;
  for (const t of getFiles(doc).values()) if (t instanceof Y.Text) n += t.length;
  return n;
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString("en")} KB`;
}

export interface Edit {
  /** The text inserted by each change. */
  inserted: readonly string[];
  /** Characters removed in all. */
  removed: number;
}

/**
 * Why an edit cannot be sent (one sentence for the person), or null when it fits the limits.
 * `what` names it: "paste" or "change".
 */
export function editProblem(edit: Edit, currentChars: number, what: "paste" | "change" = "change"): string | null {
  let chars = 0;
  let bytes = 0;
  for (const t of edit.inserted) {
    chars += t.length;
    bytes += utf8Bytes(t);
  }
  if (chars === 0) return null;
  if (bytes + overheadBytes + overheadPerChange * edit.inserted.length > workspaceLimits.updateBytes)
    return what === "paste"
      ? `This paste is ${kb(bytes)}; one change can be at most ${kb(workspaceLimits.updateBytes)}. Paste it in parts.`
      : `This change is ${kb(bytes)}; one change can be at most ${kb(workspaceLimits.updateBytes)}. Make it in parts.`;
  const after = currentChars - edit.removed + chars;
  if (after > workspaceLimits.docChars && after > currentChars)
    return `The workspace would exceed ${workspaceLimits.docChars.toLocaleString("en")} characters of text (it would hold ${after.toLocaleString("en")}). Delete some text or files first.`;
  return null;
}

/**
 * Renaming or moving a file sends its whole text again as one change: why that cannot be sent,
 * or null when it fits.
 */
export function renameProblem(text: Y.Text | undefined): string | null {
  if (!(text instanceof Y.Text)) return null;
  const bytes = utf8Bytes(text.toString());
  return bytes + overheadBytes > workspaceLimits.updateBytes
    ? `this file is ${kb(bytes)}, and a rename sends it again as one change of at most ${kb(workspaceLimits.updateBytes)}: make the file smaller first`
    : null;
}
