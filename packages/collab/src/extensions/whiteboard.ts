/**
 * Session whiteboards (`whiteboard:<session id>`, docs/collab.md "Whiteboards"): loaded from and
 * logged to Postgres like workspaces (a log row committed before the update is acknowledged, and
 * debounced snapshots), with their own access rule: members read, staff draw, students draw only
 * while the session allows it. When staff change that, a NOTIFY turns the open student
 * connections read-only (or back) at once; an update a student sends while not allowed is refused.
 */
import { courseSessions, courses, type Database, sessionWhiteboards, whiteboardUpdates } from "@codeclass/db";
import { whiteboard as boards, session as sessions } from "@codeclass/services";
import { sessionIdOfWhiteboardDocument, whiteboardDocumentName, whiteboardLimits } from "@codeclass/validators";
import type {
  beforeHandleMessagePayload,
  Document,
  Extension,
  Hocuspocus,
  onConfigurePayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from "@hocuspocus/server";
import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { Logger } from "pino";
import * as Y from "yjs";
import { createAckGate } from "../ack-gate.ts";
import { markApplied } from "../applied-once.ts";
import type { CollabContext } from "../context.ts";
import { createGroupCommit, fencedInsert, fencedRead } from "../storage.ts";
import { CollabRefusal, isEmptyUpdate, isSyncStep2, updateOfMessage } from "../updates.ts";
import { stillMayWrite } from "./session-watch.ts";

export interface WhiteboardOptions {
  db: Database;
  logger: Logger;
  /** Other servers serve the same whiteboards (REDIS_URL): log inserts hold the fence and snapshots fold in their rows (storage.ts). */
  shared?: boolean;
  /** Unacknowledged changes a connection may have before its next message waits for the disk (default 64). */
  maxPendingWrites?: number;
}

/** Unacknowledged changes a connection may have before its next message waits for the disk, unless set. */
const defaultMaxPendingWrites = 64;

/** What the server keeps per open whiteboard. */
interface BoardState {
  sessionId: string;
  /** The highest log row written (every row up to it is in the in-memory document). */
  appliedUpTo: number;
  snapshotUpTo: number;
  /** Stored state plus logged updates, bytes (for the size limit). */
  bytes: number;
  /** Students may draw now (kept current by NOTIFY; read when the document is loaded). */
  studentsMayDraw: boolean;
  writes: Promise<void>;
  dirty: boolean;
}

interface BoardEntry {
  sessionId: string;
  authorId: string;
  update: Uint8Array;
}

export class Whiteboard implements Extension<CollabContext> {
  extensionName = "codeclass-whiteboard";
  private readonly states = new WeakMap<Document, BoardState>();
  private readonly acks = createAckGate();
  private readonly log: ReturnType<typeof createGroupCommit<BoardEntry>>;
  private unlisten: (() => Promise<unknown>) | null = null;
  private stopped = false;

  constructor(private readonly options: WhiteboardOptions) {
    const insert = (tx: Pick<Database, "insert">, batch: BoardEntry[]) =>
      tx
        .insert(whiteboardUpdates)
        .values(batch.map((e) => ({ sessionId: e.sessionId, authorId: e.authorId, update: e.update, bytes: e.update.byteLength })))
        .returning({ id: whiteboardUpdates.id, at: whiteboardUpdates.at });
    this.log = createGroupCommit<BoardEntry>((batch) =>
      options.shared
        ? fencedInsert(
            options.db,
            "whiteboard",
            batch.map((e) => e.sessionId),
            (tx) => insert(tx, batch),
          )
        : insert(options.db, batch),
    );
  }

  async onConfigure({ instance }: onConfigurePayload) {
    if (this.stopped) return;
    try {
      const listener = await this.options.db.$client.listen(boards.whiteboardChannel, (sessionId) => {
        void this.follow(instance, sessionId).catch((err) =>
          this.options.logger.warn({ component: "collab", err, sessionId }, "whiteboard access update failed"),
        );
      });
      this.unlisten = () => listener.unlisten();
    } catch (err) {
      // Without LISTEN the access re-check (AccessWatch) still applies a change within its interval.
      this.options.logger.error({ component: "collab", err }, "could not LISTEN for whiteboard access changes");
    }
  }

  async stop() {
    this.stopped = true;
    await this.unlisten?.().catch(() => {});
  }

  /** Applies the session's current rule to every open connection of its whiteboard. */
  async follow(instance: Hocuspocus, sessionId: string) {
    const document = instance.documents.get(whiteboardDocumentName(sessionId));
    const state = document && this.states.get(document);
    if (!document || !state) return;
    const [row] = await this.options.db
      .select({
        students: courseSessions.whiteboardStudents,
        status: courseSessions.status,
        archivedAt: courses.archivedAt,
        removedUsers: courseSessions.removedUsers,
      })
      .from(courseSessions)
      .innerJoin(courses, eq(courses.id, courseSessions.courseId))
      .where(eq(courseSessions.id, sessionId));
    if (!row) {
      for (const c of document.getConnections()) c.close({ code: 4404, reason: "this session was deleted" });
      return;
    }
    state.studentsMayDraw = row.students && row.status !== "ended" && row.archivedAt === null;
    for (const connection of document.getConnections()) {
      const ctx = connection.context as CollabContext | undefined;
      if (!ctx || ctx.staff) continue;
      // A student staff removed from the session (live.remove, which notifies this channel): out.
      if (sessions.removedWhileRunning(row, ctx.userId)) {
        connection.readOnly = true;
        connection.close({ code: 4403, reason: "the course's staff removed you from this session" });
      } else connection.readOnly = !state.studentsMayDraw;
    }
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload<CollabContext>) {
    const sessionId = sessionIdOfWhiteboardDocument(documentName);
    if (!sessionId) return;
    const { lastUpdateId, snapshotUpdateId, bytes } = await boards.loadWhiteboardDoc(this.options.db, sessionId, document);
    const [row] = await this.options.db
      .select({ students: courseSessions.whiteboardStudents, status: courseSessions.status })
      .from(courseSessions)
      .where(eq(courseSessions.id, sessionId));
    this.states.set(document, {
      sessionId,
      appliedUpTo: lastUpdateId,
      snapshotUpTo: snapshotUpdateId,
      bytes,
      studentsMayDraw: Boolean(row?.students && row.status !== "ended"),
      writes: Promise.resolve(),
      dirty: false,
    });
    if (document.store.pendingStructs || document.store.pendingDs) {
      document.store.pendingStructs = null;
      document.store.pendingDs = null;
    }
  }

  async beforeHandleMessage({ connection, document, update: message, context }: beforeHandleMessagePayload<CollabContext>) {
    if (!context.whiteboard) return;
    const update = updateOfMessage(message);
    if (!update || isEmptyUpdate(update)) return;
    const state = this.states.get(document);
    if (!state) throw new CollabRefusal("the whiteboard is not loaded; reconnect", 4500);
    // A student whose permission was just withdrawn: read-only from now on, so Hocuspocus answers
    // "not applied" to this update and every later one.
    if (!context.staff && !state.studentsMayDraw) connection.readOnly = true;
    if (connection.readOnly) return;
    if (isSyncStep2(message) && Y.snapshotContainsUpdate(Y.snapshot(document), update)) return;
    if (message.byteLength > whiteboardLimits.updateBytes)
      throw new CollabRefusal(`update too large: ${message.byteLength} bytes; the limit is ${whiteboardLimits.updateBytes} bytes`, 4413);
    if (state.bytes + update.byteLength > whiteboardLimits.docBytes)
      throw new CollabRefusal(
        `whiteboard full: the limit is ${whiteboardLimits.docBytes} bytes; clear some drawings or images first`,
        4413,
      );
    try {
      Y.decodeUpdate(update);
    } catch {
      throw new CollabRefusal("malformed update: it is not a Yjs update");
    }
    if (this.acks.pending(connection) >= (this.options.maxPendingWrites ?? defaultMaxPendingWrites)) {
      await this.acks.settled(connection);
      // Staff may have withdrawn students' drawing (or access, or the session ended) while it waited.
      if (!context.staff && !state.studentsMayDraw) connection.readOnly = true;
      if (!stillMayWrite(connection, context)) return;
    }
    Y.applyUpdate(document, update, { source: "connection", connection });
    markApplied(connection, message);
    if (document.store.pendingStructs || document.store.pendingDs) {
      document.store.pendingStructs = null;
      document.store.pendingDs = null;
      throw new CollabRefusal("update refused: it depends on changes the server does not have: reload the page");
    }
    state.bytes += update.byteLength;
    const written = this.append({ sessionId: state.sessionId, authorId: context.userId, update }).then(
      (row) => {
        state.appliedUpTo = Math.max(state.appliedUpTo, row.id);
      },
      (err) => {
        state.dirty = true;
        this.options.logger.error({ component: "collab", sessionId: state.sessionId, err }, "could not save a whiteboard update");
        for (const other of document.getConnections())
          other.close({ code: 4500, reason: "the server could not save a change; reconnecting" });
        throw err;
      },
    );
    this.acks.after(connection, written);
    state.writes = state.writes.then(
      () => written,
      () => written,
    );
  }

  async onStoreDocument({ document }: onStoreDocumentPayload<CollabContext>) {
    const state = this.states.get(document);
    if (!state) return;
    await state.writes.catch(() => {});
    await this.store(document, state);
  }

  /** On shutdown, for whiteboards still open: one last snapshot each. */
  async storeOpen(documents: Iterable<Document>) {
    for (const document of documents) {
      const state = this.states.get(document);
      if (state)
        await this.store(document, state).catch((err) => this.options.logger.error({ component: "collab", err }, "last snapshot failed"));
    }
  }

  private async store(document: Document, state: BoardState) {
    // With several servers, rows the others logged may not be in this copy yet (Redis brings them
    // a moment later, or never when that server died first): read under the fence, folded in.
    const others = this.options.shared
      ? await fencedRead(this.options.db, "whiteboard", state.sessionId, (tx) =>
          tx
            .select({ id: whiteboardUpdates.id, update: whiteboardUpdates.update })
            .from(whiteboardUpdates)
            .where(and(eq(whiteboardUpdates.sessionId, state.sessionId), gt(whiteboardUpdates.id, state.snapshotUpTo)))
            .orderBy(asc(whiteboardUpdates.id)),
        )
      : [];
    let upTo = state.appliedUpTo;
    for (const row of others) upTo = Math.max(upTo, row.id);
    if (upTo <= state.snapshotUpTo && !state.dirty) return;
    const dirty = state.dirty;
    const current = Y.encodeStateAsUpdate(document);
    const snapshot = others.length > 0 ? Y.mergeUpdates([current, ...others.map((r) => r.update)]) : current;
    const values = { sessionId: state.sessionId, state: snapshot, stateUpdateId: upTo, updatedAt: new Date() };
    await this.options.db
      .insert(sessionWhiteboards)
      .values(values)
      .onConflictDoUpdate({
        target: sessionWhiteboards.sessionId,
        set: { state: snapshot, stateUpdateId: upTo, updatedAt: values.updatedAt },
        // Never replace a newer snapshot (another server instance may have written one).
        setWhere: lte(sessionWhiteboards.stateUpdateId, upTo),
      });
    state.snapshotUpTo = Math.max(state.snapshotUpTo, upTo);
    state.bytes = snapshot.byteLength;
    if (dirty) state.dirty = false;
  }

  /** A transient database error is retried before the update is given up. */
  private async append(entry: BoardEntry) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.log.append(entry);
      } catch (err) {
        if (attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
