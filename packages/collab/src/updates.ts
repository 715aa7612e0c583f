/**
 * Reading a client's sync message and checking the update it carries against the workspace
 * rules before it is logged and applied (docs/collab.md, "Limits").
 */

import { getFiles, workspaceLimits } from "@codeclass/workspace-doc";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { commentChangeProblem, docProblem, insertedChars, renamedFiles } from "./validate.ts";

/** A message refused: the document connection is closed with `reason` (the provider sees it in onClose). */
export class CollabRefusal extends Error {
  /** Close code (4000–4999: application codes). */
  readonly code: number;
  readonly reason: string;
  constructor(reason: string, code = 4400) {
    super(reason);
    this.name = "CollabRefusal";
    this.reason = reason;
    this.code = code;
  }
}

const messageSync = 0;
/** Hocuspocus's "sync reply": handled like a sync message, so it is checked like one. */
const messageSyncReply = 4;
const syncStep2 = 1;
const syncUpdate = 2;

/**
 * The Yjs update in a Hocuspocus message (`<address><type>…`), when it is a sync step 2 or an
 * update; null for every other message. Throws CollabRefusal when the message cannot be read.
 */
export function updateOfMessage(message: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== messageSync && type !== messageSyncReply) return null;
    const sub = decoding.readVarUint(decoder);
    if (sub !== syncStep2 && sub !== syncUpdate) return null;
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw new CollabRefusal("malformed message: it could not be decoded");
  }
}

/** True for a sync step 2 (what a client sends when it connects: everything the server lacks). */
export function isSyncStep2(message: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    return (type === messageSync || type === messageSyncReply) && decoding.readVarUint(decoder) === syncStep2;
  } catch {
    return false;
  }
}

/** True when the update carries no structs and no deletions (e.g. a sync step 2 with nothing new). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength <= 2 && update.every((b) => b === 0);
}

export interface CheckedUpdate {
  /** Characters of text the update inserts. */
  insertedChars: number;
}

/**
 * Checks an update against the rules without changing `doc`; throws CollabRefusal naming the
 * problem and the limit. Plain typing into existing files is checked from the decoded update
 * alone; anything else (files created, renamed or deleted, meta, comments) is applied to a copy
 * of the document and the copy is checked.
 */
export function checkUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  messageBytes = update.byteLength,
  /** The sender, for the comment rules (who may add, edit, resolve, delete, under which name); omitted: not checked. */
  actor?: { userId: string; userName: string; staff: boolean },
  /**
   * Asked before the full check (a copy of the whole document, so its cost grows with the
   * document): false refuses the update for now, so one client cannot keep the server busy.
   */
  mayCopy: () => boolean = () => true,
): CheckedUpdate {
  if (messageBytes > workspaceLimits.updateBytes)
    throw new CollabRefusal(`update too large: ${messageBytes} bytes; the limit is ${workspaceLimits.updateBytes} bytes`, 4413);
  let decoded: { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded;
  } catch {
    throw new CollabRefusal("malformed update: it is not a Yjs update");
  }
  let inserted = insertedChars(decoded.structs);
  if (isPlainTyping(doc, decoded.structs) && deletesOnlyFileText(doc, decoded.ds.clients)) {
    const chars = textChars(doc) + inserted;
    if (chars > workspaceLimits.docChars)
      throw new CollabRefusal(
        `workspace too large: ${chars} characters; the limit is ${workspaceLimits.docChars} characters of text`,
        4413,
      );
    return { insertedChars: inserted };
  }
  if (!mayCopy())
    throw new CollabRefusal("too many changes to files, comments or settings at once: wait a few seconds, they are sent again", 4429);
  const copy = new Y.Doc({ gc: true });
  try {
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      Y.applyUpdate(copy, update);
    } catch {
      throw new CollabRefusal("malformed update: it could not be applied");
    }
    const problem = docProblem(copy) ?? (actor ? commentChangeProblem(doc, copy, actor) : null);
    if (problem) throw new CollabRefusal(`update refused: ${problem}`, 4422);
    // A rename re-inserts the file's text under its new name: that is not new text.
    inserted = Math.max(0, inserted - renamedChars(doc, copy));
  } finally {
    copy.destroy();
  }
  return { insertedChars: inserted };
}

/** Characters of files that only changed name between `before` and `after` (same content). */
function renamedChars(before: Y.Doc, after: Y.Doc): number {
  const now = getFiles(after);
  let n = 0;
  for (const to of renamedFiles(before, after).values()) n += now.get(to)?.length ?? 0;
  return n;
}

function textChars(doc: Y.Doc): number {
  let n = 0;
  for (const t of getFiles(doc).values()) if (t instanceof Y.Text) n += t.length;
  return n;
}

/** True for a Y.Text that is a live file of the workspace (a value of the `files` map). */
function isFileText(doc: Y.Doc, type: unknown): boolean {
  if (!(type instanceof Y.Text)) return false;
  const item = type._item;
  return item !== null && !item.deleted && item.parent === getFiles(doc) && item.parentSub !== null;
}

/**
 * True when everything the update deletes is text inside live files (known to the server), so
 * deleting a file, a setting or a comment always takes the full check.
 */
function deletesOnlyFileText(doc: Y.Doc, clients: Map<number, { clock: number; len: number }[]>): boolean {
  const store = doc.store;
  for (const [client, ranges] of clients) {
    const known = Y.getState(store, client);
    for (const { clock, len } of ranges) {
      if (clock + len > known) return false;
      for (let at = clock; at < clock + len; ) {
        const item = Y.getItem(store, Y.createID(client, at));
        if (!(item instanceof Y.Item) || !isFileText(doc, item.parent)) return false;
        at = item.id.clock + item.length;
      }
    }
  }
  return true;
}

/**
 * True when every struct of the update is text inserted into (or deleted from) a live file, with
 * its place known from the current document or from earlier structs of the same update, and each
 * client's structs continue its clock without a gap (a struct past the next clock would wait in
 * the document's pending structs for edits that may never come, and block every later edit).
 */
function isPlainTyping(doc: Y.Doc, structs: (Y.Item | Y.GC | Y.Skip)[]): boolean {
  const store = doc.store;
  if (store.pendingStructs || store.pendingDs) return false;
  // client -> the next clock the document can take from it (what it has, plus this update so far)
  const nextClock = new Map<number, number>();
  // Structs of this update already known to sit in a file: client -> [clock, end) ranges.
  const known = new Map<number, [number, number][]>();
  const inUpdate = (id: Y.ID) => known.get(id.client)?.some(([from, to]) => id.clock >= from && id.clock < to) ?? false;
  const inDoc = (id: Y.ID): boolean => {
    if (id.clock >= Y.getState(store, id.client)) return false;
    const item = Y.getItem(store, id);
    return item instanceof Y.Item && isFileText(doc, item.parent);
  };
  for (const s of structs) {
    if (s instanceof Y.GC || s instanceof Y.Skip) return false;
    const next = nextClock.get(s.id.client) ?? Y.getState(store, s.id.client);
    if (s.id.clock > next) return false;
    nextClock.set(s.id.client, Math.max(next, s.id.clock + s.length));
    if (!(s.content instanceof Y.ContentString || s.content instanceof Y.ContentDeleted)) return false;
    if (s.parentSub !== null || typeof s.parent === "string") return false;
    let ok = false;
    if (s.parent instanceof Y.ID) {
      if (s.parent.clock < Y.getState(store, s.parent.client)) {
        const parentItem = Y.getItem(store, s.parent);
        ok = parentItem instanceof Y.Item && parentItem.content instanceof Y.ContentType && isFileText(doc, parentItem.content.type);
      }
    } else {
      const ref = s.origin ?? s.rightOrigin;
      ok = ref !== null && (inUpdate(ref) || inDoc(ref));
    }
    if (!ok) return false;
    const ranges = known.get(s.id.client) ?? [];
    ranges.push([s.id.clock, s.id.clock + s.length]);
    known.set(s.id.client, ranges);
  }
  return true;
}
