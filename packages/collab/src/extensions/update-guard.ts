/**
 * Every update a client sends is checked against the workspace rules, applied, and appended to
 * the log; its author's acknowledgement waits until the row is committed (ack-gate.ts), so an
 * acknowledged edit survives a crash (docs/collab.md, "Persistence and acknowledgement").
 */
import type { Database } from "@codeclass/db";
import type { beforeHandleMessagePayload, Document, Extension } from "@hocuspocus/server";
import type { Logger } from "pino";
import * as Y from "yjs";
import { createAckGate } from "../ack-gate.ts";
import { markApplied } from "../applied-once.ts";
import type { CollabContext } from "../context.ts";
import { createUpdateLog, type DocState, type LogEntry } from "../storage.ts";
import { createTimeBudget } from "../time-budget.ts";
import { CollabRefusal, checkUpdate, isEmptyUpdate, isSyncStep2, updateOfMessage } from "../updates.ts";
import type { Persistence } from "./persistence.ts";
import { stillMayWrite } from "./session-watch.ts";

export interface UpdateGuardOptions {
  db: Database;
  logger: Logger;
  /** Where the open documents' state lives (their log position, pending writes). */
  persistence: Persistence;
  /** Unacknowledged edits a connection may have before its next message waits for the disk. */
  maxPendingWrites: number;
  /** Bytes the workspace's update log may grow to; past it edits are refused. */
  maxLogBytes: number;
  /** CPU time one user's updates may spend in the full check per window. */
  fullCheckBudget: { ms: number; perMs: number };
  /** Other servers serve the same documents: log inserts hold the fence (storage.ts). */
  shared?: boolean;
}

/**
 * A workspace's update log past which edits are refused (the default of `maxLogBytes`). A keystroke
 * logs some 30 bytes: a student typing 3 characters a second for 10 hours logs about 3 MB, so this
 * is never met by people; a script that edits without end meets it instead of filling the disk.
 */
export const maxWorkspaceLogBytes = 64 * 1024 * 1024;

const size = (bytes: number) => (bytes >= 2 ** 20 ? `${+(bytes / 2 ** 20).toFixed(1)} MiB` : `${+(bytes / 1024).toFixed(1)} KiB`);

const pendingRefusal = "update refused: the change depends on edits the server does not have: reload the page to get the current workspace";

export class UpdateGuard implements Extension<CollabContext> {
  extensionName = "codeclass-update-guard";
  private readonly updateLog: ReturnType<typeof createUpdateLog>;
  private readonly acks = createAckGate();
  private readonly copyBudget: ReturnType<typeof createTimeBudget>;

  constructor(private readonly options: UpdateGuardOptions) {
    this.updateLog = createUpdateLog(options.db, { shared: options.shared });
    this.copyBudget = createTimeBudget(options.fullCheckBudget);
  }

  async beforeHandleMessage({ connection, document, update: message, context }: beforeHandleMessagePayload<CollabContext>) {
    const { persistence, logger: log } = this.options;
    const { acks, copyBudget } = this;
    if (context.whiteboard) return; // whiteboard.ts
    const update = updateOfMessage(message);
    // Read-only connections: Hocuspocus answers "not applied" itself; nothing is logged.
    if (!update || connection.readOnly || isEmptyUpdate(update)) return;
    const state = persistence.state(document);
    if (!state) throw new CollabRefusal("the document is not loaded; reconnect", 4500);
    if (state.dirty) {
      // An edit is only in memory (its log write failed): acknowledge nothing until a snapshot holds it.
      const saved = persistence.store(document, state).catch((err) => {
        connection.close({ code: 4500, reason: "the server could not save an edit; reconnecting" });
        throw err;
      });
      acks.after(connection, saved);
    }
    // A reconnecting client's sync step 2 usually brings nothing new: no log row for it.
    if (isSyncStep2(message) && Y.snapshotContainsUpdate(Y.snapshot(document), update)) return;
    // Backpressure: a client that sends faster than Postgres commits waits for its oldest writes.
    if (acks.pending(connection) >= this.options.maxPendingWrites) {
      await acks.settled(connection);
      // While it waited the connection may have lost the right to write (a role change, an
      // archived course, a submission locked: read-only; a session that ended).
      if (!stillMayWrite(connection, context)) return;
    }
    if (state.logBytes + update.byteLength > this.options.maxLogBytes)
      throw new CollabRefusal(
        `update refused: this workspace's edit history has reached its limit of ${size(this.options.maxLogBytes)}; ask your instructor to copy your files into a new workspace`,
        4413,
      );
    try {
      const started = performance.now();
      let copied = false;
      const { insertedChars } = checkUpdate(
        document,
        update,
        message.byteLength,
        { userId: context.userId, userName: context.userName, staff: context.staff },
        () => {
          copied = true;
          return copyBudget.available(context.userId);
        },
      );
      if (copied) copyBudget.spend(context.userId, performance.now() - started);
      // Applied (so the other clients see it) at once, and the next message of this connection
      // is handled without waiting for the disk; the author's ack is held until the row is
      // committed. An edit lost in a crash before that was never acknowledged: its author
      // still holds it and sends it again on reconnect.
      Y.applyUpdate(document, update, { source: "connection", connection });
      markApplied(connection, message);
      if (document.store.pendingStructs || document.store.pendingDs) {
        // checkUpdate lets none of these through; should one slip by, it must not stay to block
        // every later edit, nor be logged to do so again after a restart.
        document.store.pendingStructs = null;
        document.store.pendingDs = null;
        throw new CollabRefusal(pendingRefusal);
      }
      state.logBytes += update.byteLength;
      const written = this.record(document, state, {
        workspaceId: state.workspaceId,
        authorId: context.userId,
        update,
        insertedChars,
        // "sync": what a client brought as a sync step 2 (on reconnect: work done offline, or a
        // paste a hand-made client sent that way). It counts as a paste in the history and the
        // evidence like an edit (a client chooses which message carries its text), labelled so.
        source: isSyncStep2(message) ? "sync" : "edit",
      });
      acks.after(connection, written);
    } catch (e) {
      if (e instanceof CollabRefusal) {
        log.warn({ component: "collab", workspaceId: state.workspaceId, userId: context.userId, reason: e.reason }, "update refused");
        throw e;
      }
      log.error({ component: "collab", workspaceId: state.workspaceId, err: e }, "could not save an update");
      throw new CollabRefusal("the server could not save this edit; it will be sent again when you reconnect", 4500);
    }
  }

  /**
   * Logs an update already applied to the open document: the document's log position and last
   * edit move on once the row is committed; a failed write marks the document dirty (the next
   * snapshot covers it) and closes its connections. Resolves when the row is committed.
   */
  record(document: Document, state: DocState, entry: LogEntry): Promise<void> {
    const written = this.appendWithRetry(entry).then(
      (row) => {
        state.appliedUpTo = Math.max(state.appliedUpTo, row.id);
        if (!state.lastEdit || row.at >= state.lastEdit.at) state.lastEdit = { at: row.at, by: entry.authorId };
      },
      (err) => {
        // The edit is in memory (and with the other clients) but not in the log: the next
        // snapshot must include it, and until one is written nobody is told it is saved.
        state.dirty = true;
        this.options.logger.error({ component: "collab", workspaceId: state.workspaceId, err }, "could not save an update");
        for (const other of document.getConnections())
          other.close({ code: 4500, reason: "the server could not save an edit; reconnecting" });
        throw err;
      },
    );
    state.writes = state.writes.then(
      () => written,
      () => written,
    );
    return written;
  }

  /** A transient database error (a failover, a full pool) is retried before the edit is given up. */
  private async appendWithRetry(entry: LogEntry) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.updateLog.append(entry);
      } catch (err) {
        if (attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
