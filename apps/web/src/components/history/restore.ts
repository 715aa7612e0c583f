import { createFile, deleteFile, filesOf, getFiles, getMeta, setEntry, setLanguage, workspaceLimits } from "@codeclass/workspace-doc";
import type * as Y from "yjs";
import { utf8Bytes } from "../collab/editLimits.ts";

/** A version to bring back: the files and settings of one step of the history. */
export interface RestoreVersion {
  files: readonly { path: string; content: string }[];
  language: string | null;
  entry: string | null;
}

/** What restoring a version changes in the live workspace, file by file. */
export interface RestorePlan {
  changed: string[];
  added: string[];
  removed: string[];
  /** The language or the main file differ. */
  settings: boolean;
  /** UTF-8 bytes of text the restore inserts (the size of its update, roughly). */
  insertedBytes: number;
}

/** The part of `before` to replace to get `after`: the same prefix and suffix are kept. */
export function textChange(before: string, after: string): { at: number; remove: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { at: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** What `restoreVersion` would change; nothing changed means the workspace already is that version. */
export function restorePlan(doc: Y.Doc, version: RestoreVersion): RestorePlan {
  const now = new Map(filesOf(doc).map((f) => [f.path, f.content]));
  const wanted = new Map(version.files.map((f) => [f.path, f.content]));
  const plan: RestorePlan = { changed: [], added: [], removed: [], settings: false, insertedBytes: 0 };
  for (const [path, content] of wanted) {
    const current = now.get(path);
    if (current === undefined) {
      plan.added.push(path);
      plan.insertedBytes += utf8Bytes(content);
    } else if (current !== content) {
      plan.changed.push(path);
      plan.insertedBytes += utf8Bytes(textChange(current, content).insert);
    }
  }
  for (const path of now.keys()) if (!wanted.has(path)) plan.removed.push(path);
  const meta = getMeta(doc);
  plan.settings = (version.language !== null && version.language !== meta.language) || version.entry !== meta.entry;
  return plan;
}

/** Whether a plan changes nothing. */
export function isEmptyPlan(plan: RestorePlan): boolean {
  return plan.changed.length + plan.added.length + plan.removed.length === 0 && !plan.settings;
}

// Room for the ids and lengths a Yjs update adds to the inserted text.
const overheadBytes = 4096;

/**
 * Makes the live document hold `version`'s files and settings, as one new edit (one transaction,
 * so one update, one step in the history, undone by nobody's undo but the restorer's): files
 * missing from the version are deleted (with their comments), changed files get only the part
 * that differs replaced (comments elsewhere in them stay put), missing files are created.
 * Throws, changing nothing, when the change is larger than one update may be.
 */
export function restoreVersion(doc: Y.Doc, version: RestoreVersion): RestorePlan {
  const plan = restorePlan(doc, version);
  if (plan.insertedBytes + overheadBytes > workspaceLimits.updateBytes)
    throw new Error(
      `this version differs from the workspace by ${Math.ceil(plan.insertedBytes / 1024)} KB of text; one change may carry at most ${Math.floor((workspaceLimits.updateBytes - overheadBytes) / 1024)} KB`,
    );
  if (isEmptyPlan(plan)) return plan;
  const files = getFiles(doc);
  doc.transact(() => {
    for (const path of plan.removed) deleteFile(doc, path);
    for (const f of version.files) {
      const text = files.get(f.path);
      if (!text) {
        createFile(doc, f.path, f.content);
        continue;
      }
      const change = textChange(text.toString(), f.content);
      if (change.remove) text.delete(change.at, change.remove);
      if (change.insert) text.insert(change.at, change.insert);
    }
    const meta = getMeta(doc);
    if (version.language !== null && version.language !== meta.language) setLanguage(doc, version.language);
    if (version.entry !== meta.entry) setEntry(doc, version.entry !== null && files.has(version.entry) ? version.entry : null);
  }, "restore");
  return plan;
}
