/**
 * Postgres persistence of workspace documents: an append-only log whose rows are committed
 * before an update is acknowledged, and debounced snapshots (docs/collab.md, "Persistence").
 */
import { type Database, workspaces, workspaceUpdates } from "@codeclass/db";
import { loadWorkspaceDoc } from "@codeclass/services";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import * as Y from "yjs";

/** What the server keeps per open document. */
export interface DocState {
  workspaceId: string;
  /**
   * The highest log row written for this document. Every row up to it is in the in-memory
   * document: an update is applied before its row is inserted (so before its id exists).
   */
  appliedUpTo: number;
  /** The last log row folded into the stored snapshot. */
  snapshotUpTo: number;
  lastEdit: { at: Date; by: string | null } | null;
  lastEditStored: Date | null;
  /** Settles when every log write started so far has settled. */
  writes: Promise<void>;
  /** An applied edit could not be logged: the next snapshot is written whatever the positions say. */
  dirty: boolean;
  /** Bytes of the workspace's update log (read at load, counted up as this server logs): its quota's measure. */
  logBytes: number;
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
  const [logged] = await db
    .select({ bytes: sql<number>`coalesce(sum(${workspaceUpdates.bytes}), 0)::float8` })
    .from(workspaceUpdates)
    .where(eq(workspaceUpdates.workspaceId, workspaceId));
  return {
    workspaceId,
    appliedUpTo: lastUpdateId,
    snapshotUpTo,
    lastEdit,
    lastEditStored: null,
    writes: Promise.resolve(),
    dirty: false,
    logBytes: logged?.bytes ?? 0,
  };
}

/** One update to append to the log. */
export interface LogEntry {
  workspaceId: string;
  authorId: string;
  update: Uint8Array;
  insertedChars: number;
  /**
   * "edit": an update a client sent; "sync": what it sent as a sync step 2 (on (re)connect, e.g.
   * offline work); "sent": a file staff sent to the class (the server's own edit).
   */
  source: "edit" | "sync" | "sent";
}

/**
 * The append-only update log with group commit: entries that arrive while a write is in flight
 * go together in the next INSERT (one commit, one fsync), so a class typing at once costs a few
 * commits a second rather than one per keystroke. `append` resolves once its row is committed.
 */
export function createUpdateLog(db: Database, options: { shared?: boolean; maxBatchBytes?: number } = {}) {
  // One statement for the batch, its columns as six array parameters (unnest): a query of the same
  // size for one row or a hundred, where drizzle's builder spent some 28 µs a row on VALUES. The
  // updates travel as hex (a text[] cast to bytea[] would keep the text's own bytes). Identity ids
  // are taken in the order the rows are inserted: sorted by id, the rows are in the batch's order.
  const insert = async (tx: Pick<Database, "execute">, batch: LogEntry[]) => {
    const column = <T>(f: (e: LogEntry) => T) => sql.param(batch.map(f));
    const rows = await tx.execute<{ id: string | number; at: string | Date }>(sql`
      insert into ${workspaceUpdates} (workspace_id, author_id, update, bytes, inserted_chars, source)
      select w, a, decode(u, 'hex'), b, c, s from unnest(
        ${column((e) => e.workspaceId)}::uuid[],
        ${column((e) => e.authorId)}::text[],
        ${column((e) => Buffer.from(e.update.buffer, e.update.byteOffset, e.update.byteLength).toString("hex"))}::text[],
        ${column((e) => e.update.byteLength)}::int[],
        ${column((e) => e.insertedChars)}::int[],
        ${column((e) => e.source)}::workspace_update_source[]
      ) as r(w, a, u, b, c, s)
      returning id, at`);
    return rows.map((r) => ({ id: Number(r.id), at: new Date(r.at) })).sort((a, b) => a.id - b.id);
  };
  return createGroupCommit<LogEntry>(
    (batch) =>
      options.shared
        ? fencedInsert(
            db,
            "workspace",
            batch.map((e) => e.workspaceId),
            (tx) => insert(tx, batch),
          )
        : insert(db, batch),
    options.maxBatchBytes,
  );
}

/**
 * How long a batch waits for more rows before it is written (every batch). Without it a
 * fast database made most batches one row: a class typing at once (1,000 editors, 5,000 keystrokes
 * a second) paid a statement, a commit and a socket write per keystroke. Only the author's
 * acknowledgement waits (the edit reached the others when it was applied), and only until its
 * edit is "saved". The window is taken before every batch: with 4 ms before the first one only, a
 * class typing made 100-280 statements a second, back to back; now at most one per window.
 */
export const groupCommitWindowMs = 10;

/**
 * Group commit of rows (log rows of workspaces and whiteboards, snapshots): `insert` writes a batch
 * in one statement and returns its rows (or results) in the order of the batch.
 */
export function createGroupCommit<E extends { update: Uint8Array }, R = { id: number; at: Date }>(
  insert: (batch: E[]) => Promise<R[]>,
  maxBatchBytes = 4 * 1024 * 1024,
  windowMs = groupCommitWindowMs,
) {
  type Pending = E & { resolve(row: R): void; reject(err: unknown): void };
  let queue: Pending[] = [];
  let writing = false;

  async function drain() {
    writing = true;
    while (queue.length > 0) {
      // Before every batch, not only the first: while rows keep coming, statements go out at most
      // every window (plus the write), whatever the load, rather than back to back.
      if (windowMs > 0) await new Promise((r) => setTimeout(r, windowMs));
      let bytes = 0;
      let n = 0;
      while (n < queue.length && (n === 0 || bytes + queue[n]!.update.byteLength <= maxBatchBytes)) bytes += queue[n++]!.update.byteLength;
      const batch = queue.slice(0, n);
      queue = queue.slice(n);
      try {
        const rows = await insert(batch);
        for (const [i, e] of batch.entries()) e.resolve(rows[i]!);
      } catch (err) {
        for (const e of batch) e.reject(err);
      }
    }
    writing = false;
  }

  return {
    append(entry: E): Promise<R> {
      return new Promise((resolve, reject) => {
        queue.push({ ...entry, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}

/** One workspace's snapshot (empty when only its last edit is written) and its last edit. */
interface SnapshotWrite {
  workspaceId: string;
  update: Uint8Array;
  snapshot: boolean;
  upTo: number;
  edit: { at: Date; by: string | null } | null;
}

/**
 * Snapshot writes with group commit. Documents typed at once reach their snapshot at once (the
 * debounce's maximum wait runs from their first edit): 1,000 of them were 1,000 statements within
 * a fraction of a second, each built and sent on the event loop, a stall every editor felt. Now
 * the writes that arrive together are one statement (the columns as array parameters, `unnest`).
 */
export function createSnapshotWriter(db: Database) {
  const write = async (batch: SnapshotWrite[]) => {
    // (Booleans, numbers and times go as text: postgres.js does not send arrays of them as arrays.)
    const column = <T>(f: (e: SnapshotWrite) => T) => sql.param(batch.map(f));
    // Never replace a newer snapshot (another server instance may have written one).
    await db.execute(sql`
      update ${workspaces} w set
        state = case when s.snap then decode(s.st, 'hex') else w.state end,
        state_update_id = case when s.snap then s.up else w.state_update_id end,
        last_edit_at = case when s.edited then s.ea else w.last_edit_at end,
        last_edit_by = case when s.edited then s.eb else w.last_edit_by end
      from unnest(
        ${column((e) => e.workspaceId)}::uuid[],
        ${column((e) => Buffer.from(e.update.buffer, e.update.byteOffset, e.update.byteLength).toString("hex"))}::text[],
        ${column((e) => String(e.snapshot))}::text[]::bool[],
        ${column((e) => String(e.upTo))}::text[]::bigint[],
        ${column((e) => String(e.edit !== null))}::text[]::bool[],
        ${column((e) => e.edit?.at.toISOString() ?? null)}::text[]::timestamptz[],
        ${column((e) => e.edit?.by ?? null)}::text[]
      ) as s(id, st, snap, up, edited, ea, eb)
      where w.id = s.id and w.state_update_id <= s.up`);
  };
  // Each write resolves to its own failure (or null): one bad row must not fail the others.
  return createGroupCommit<SnapshotWrite, unknown>(async (batch) => {
    // A workspace twice in one batch (a shutdown's last snapshot beside a debounced one) is
    // written in turn: one statement would update its row once, with either.
    const rounds: SnapshotWrite[][] = [];
    const seen = new Map<string, number>();
    for (const e of batch) {
      const round = seen.get(e.workspaceId) ?? 0;
      seen.set(e.workspaceId, round + 1);
      if (round === rounds.length) rounds.push([]);
      rounds[round]!.push(e);
    }
    const failed = new Map<SnapshotWrite, unknown>();
    for (const round of rounds) {
      try {
        await write(round);
      } catch (err) {
        // One bad row (a last editor deleted meanwhile, say) fails its statement: the others are
        // written one by one, so only its own store fails (and is tried again later).
        if (round.length === 1) failed.set(round[0]!, err);
        else for (const e of round) await write([e]).catch((one) => failed.set(e, one));
      }
    }
    return batch.map((e) => failed.get(e) ?? null);
  }, snapshotBatchBytes);
}

/**
 * Bytes of snapshots one statement carries. Building a statement (its snapshots as hex) holds the
 * event loop: a class's 1,000 snapshots in one were a stall of tens of milliseconds; statements of
 * this size are written one after another, the typing handled between them.
 */
export const snapshotBatchBytes = 256 * 1024;

export type SnapshotWriter = ReturnType<typeof createSnapshotWriter>;

/**
 * Writes a snapshot of `doc` (if edits were logged since the last one) and the last edit, through
 * `writer` (batched with other documents' snapshots). The snapshot and its log position are read
 * together (synchronously), so the position never claims a row the snapshot lacks.
 */
export async function storeDocument(
  db: Database,
  writer: SnapshotWriter,
  state: DocState,
  doc: Y.Doc,
  options: { shared?: boolean } = {},
): Promise<void> {
  // With several servers, rows the other servers logged may not have reached this document yet
  // (Redis carries them a moment later, or never when that server died first): they are read
  // from the log and folded in.
  const others = options.shared ? await rowsAfter(db, state) : [];
  let upTo = state.appliedUpTo;
  for (const row of others) upTo = Math.max(upTo, row.id);
  const dirty = state.dirty;
  const snapshot =
    upTo > state.snapshotUpTo || dirty
      ? others.length > 0
        ? Y.mergeUpdates([Y.encodeStateAsUpdate(doc), ...others.map((r) => r.update)])
        : Y.encodeStateAsUpdate(doc)
      : null;
  const edit = state.lastEdit && state.lastEdit.at !== state.lastEditStored ? state.lastEdit : null;
  if (!snapshot && !edit) return;
  const failed = await writer.append({
    workspaceId: state.workspaceId,
    update: snapshot ?? new Uint8Array(),
    snapshot: snapshot !== null,
    upTo,
    edit,
  });
  if (failed) throw failed;
  if (snapshot) state.snapshotUpTo = Math.max(state.snapshotUpTo, upTo);
  if (snapshot && dirty) state.dirty = false;
  if (edit) state.lastEditStored = edit.at;
}

/**
 * Advisory-lock classes of the log fences, one per kind of logged document. With several
 * servers, each log insert holds a shared lock on its document until it commits (`fencedInsert`);
 * a snapshot's read of the other servers' rows takes the exclusive lock first (`fencedRead`). So
 * every id it sees has committed, and no row with a smaller id can commit later (ids are taken
 * after the shared lock): a snapshot's position never skips an acknowledged edit.
 */
export const logFences = { workspace: 727275, whiteboard: 727276 } as const;
type LogFence = keyof typeof logFences;

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Inserts log rows of the documents `keys` in one transaction that holds their fences (shared) until it commits. */
export function fencedInsert<T>(db: Database, fence: LogFence, keys: string[], insert: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // (The keys are UUIDs: no commas.)
    const unique = [...new Set(keys)];
    await tx.execute(
      sql`select pg_advisory_xact_lock_shared(${logFences[fence]}, hashtext(k)) from unnest(string_to_array(${unique.join(",")}, ',')) k`,
    );
    return insert(tx);
  });
}

/** Reads a document's log rows with its fence held exclusively: every row a smaller id could belong to has committed. */
export function fencedRead<T>(db: Database, fence: LogFence, key: string, read: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${logFences[fence]}, hashtext(${key}))`);
    return read(tx);
  });
}

function rowsAfter(db: Database, state: DocState): Promise<{ id: number; update: Uint8Array }[]> {
  return fencedRead(db, "workspace", state.workspaceId, (tx) =>
    tx
      .select({ id: workspaceUpdates.id, update: workspaceUpdates.update })
      .from(workspaceUpdates)
      .where(and(eq(workspaceUpdates.workspaceId, state.workspaceId), gt(workspaceUpdates.id, state.snapshotUpTo)))
      .orderBy(asc(workspaceUpdates.id)),
  );
}
