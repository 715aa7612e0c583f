/**
 * Postgres persistence of workspace documents: an append-only log written before an update is
 * applied and acknowledged, and debounced snapshots (docs/collab.md, "Persistence").
 */
import { type Database, workspaces, workspaceUpdates } from "@codeclass/db";
import { loadWorkspaceDoc } from "@codeclass/services";
import { and, desc, eq, lte } from "drizzle-orm";
import * as Y from "yjs";

/** What the server keeps per open document. */
export interface DocState {
  workspaceId: string;
  /** The last log row whose update has been applied to the in-memory document. */
  appliedUpTo: number;
  /** The last log row folded into the stored snapshot. */
  snapshotUpTo: number;
  /** Serializes "log, then apply" per document so `appliedUpTo` covers every row up to it. */
  lock: Promise<void>;
  lastEdit: { at: Date; by: string | null } | null;
  lastEditStored: Date | null;
}

/** Runs `fn` after every earlier call on the same document state (a small per-document mutex). */
export function exclusive<T>(state: DocState, fn: () => Promise<T> | T): Promise<T> {
  const run = state.lock.then(fn, fn);
  state.lock = run.then(
    () => {},
    () => {},
  );
  return run;
}

/** Loads snapshot + log into `doc`; returns the state to keep for it. */
export async function loadDocument(db: Database, workspaceId: string, doc: Y.Doc): Promise<DocState> {
  const { lastUpdateId, snapshotUpdateId: snapshotUpTo } = await loadWorkspaceDoc(db, workspaceId, doc);
  let lastEdit: DocState["lastEdit"] = null;
  if (lastUpdateId > snapshotUpTo) {
    // Edits after the snapshot (the server stopped before writing one): their last author is the last editor.
    const [last] = await db
      .select({ at: workspaceUpdates.at, by: workspaceUpdates.authorId })
      .from(workspaceUpdates)
      .where(eq(workspaceUpdates.workspaceId, workspaceId))
      .orderBy(desc(workspaceUpdates.id))
      .limit(1);
    if (last) lastEdit = last;
  }
  return { workspaceId, appliedUpTo: lastUpdateId, snapshotUpTo, lock: Promise.resolve(), lastEdit, lastEditStored: null };
}

/** Appends a client's update to the log; returns its id. */
export async function appendUpdate(
  db: Database,
  state: DocState,
  authorId: string,
  update: Uint8Array,
  insertedChars: number,
): Promise<{ id: number; at: Date }> {
  const [row] = await db
    .insert(workspaceUpdates)
    .values({ workspaceId: state.workspaceId, authorId, update, bytes: update.byteLength, insertedChars })
    .returning({ id: workspaceUpdates.id, at: workspaceUpdates.at });
  return row!;
}

/**
 * Writes a snapshot of `doc` (if edits were logged since the last one) and the last edit.
 * The snapshot and its log position are taken together under the document's lock.
 */
export async function storeDocument(db: Database, state: DocState, doc: Y.Doc): Promise<void> {
  const { snapshot, upTo } = await exclusive(state, () => ({
    snapshot: state.appliedUpTo > state.snapshotUpTo ? Y.encodeStateAsUpdate(doc) : null,
    upTo: state.appliedUpTo,
  }));
  const edit = state.lastEdit && state.lastEdit.at !== state.lastEditStored ? state.lastEdit : null;
  if (!snapshot && !edit) return;
  await db
    .update(workspaces)
    .set({
      ...(snapshot ? { state: snapshot, stateUpdateId: upTo } : {}),
      ...(edit ? { lastEditAt: edit.at, lastEditBy: edit.by } : {}),
    })
    // Never replace a newer snapshot (another server instance may have written one).
    .where(and(eq(workspaces.id, state.workspaceId), lte(workspaces.stateUpdateId, upTo)));
  if (snapshot) state.snapshotUpTo = Math.max(state.snapshotUpTo, upTo);
  if (edit) state.lastEditStored = edit.at;
}
