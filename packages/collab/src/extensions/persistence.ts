/**
 * Loads a workspace document from Postgres (snapshot + log) and writes the debounced snapshots
 * after the document's pending log writes (docs/collab.md, "Persistence"). Keeps what the server
 * knows of each open document (DocState), which update-guard.ts reads and moves on.
 */
import type { Database } from "@codeclass/db";
import { sessionIdOfWhiteboardDocument, workspaceIdOfDocument } from "@codeclass/validators";
import type { Document, Extension, onDisconnectPayload, onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import type { Logger } from "pino";
import type { CollabContext } from "../context.ts";
import { createSnapshotWriter, type DocState, loadDocument, storeDocument } from "../storage.ts";
import { CollabRefusal } from "../updates.ts";

export interface PersistenceOptions {
  db: Database;
  logger: Logger;
  /** Other servers serve the same documents (Redis): snapshots fold in the rows they logged. */
  shared?: boolean;
  /**
   * A snapshot of a document still being edited waits a random part of this, ms (default 0). A
   * class that started typing together reaches the debounce's maximum wait together, every time:
   * 1,000 snapshots in the same instant were a stall every editor felt. Spread, they are not.
   */
  spreadMs?: number;
}

/** The spread's steps (spreadMs), and its longest wait whatever the debounce. */
const spreadSteps = 10;
const maxSpreadMs = 5000;

export class Persistence implements Extension<CollabContext> {
  extensionName = "codeclass-persistence";
  private readonly states = new WeakMap<Document, DocState>();
  private readonly snapshots: ReturnType<typeof createSnapshotWriter>;
  /** Snapshots waiting for their step of the spread: ends the wait. */
  private readonly waiting = new Map<Document, () => void>();
  /** Documents whose next snapshot must not wait (`hurry`). */
  private readonly hurried = new WeakSet<Document>();
  private stopping = false;

  constructor(private readonly options: PersistenceOptions) {
    this.snapshots = createSnapshotWriter(options.db);
  }

  /** What the server keeps for an open document; undefined until it is loaded. */
  state(document: Document): DocState | undefined {
    return this.states.get(document);
  }

  /** Writes a snapshot now (if edits were logged since the last one) and the last edit. */
  store(document: Document, state: DocState): Promise<void> {
    return storeDocument(this.options.db, this.snapshots, state, document, { shared: this.options.shared });
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload<CollabContext>) {
    if (sessionIdOfWhiteboardDocument(documentName)) return; // whiteboard.ts
    const workspaceId = workspaceIdOfDocument(documentName);
    if (!workspaceId) throw new CollabRefusal("bad document name", 4400);
    this.states.set(document, await loadDocument(this.options.db, workspaceId, document));
    if (document.store.pendingStructs || document.store.pendingDs) {
      // Logged before such updates were refused: they can never apply and would block every edit.
      this.options.logger.warn({ component: "collab", workspaceId }, "dropped logged updates that depend on edits never received");
      document.store.pendingStructs = null;
      document.store.pendingDs = null;
    }
  }

  async onStoreDocument({ document }: onStoreDocumentPayload<CollabContext>) {
    const state = this.states.get(document);
    if (!state) return;
    // Only a document still being edited waits; a wait ends at once when the server stops, when the
    // last editor leaves, or when something waits for this store (`hurry`: a server edit).
    const spreadMs = Math.min(this.options.spreadMs ?? 0, maxSpreadMs);
    const hurried = this.hurried.delete(document);
    if (spreadMs > 0 && !hurried && !this.stopping && document.getConnectionsCount() > 0) {
      // In a few steps, so the snapshots that wait the same step still go out together (one statement).
      const ms = Math.floor(Math.random() * spreadSteps) * (spreadMs / spreadSteps);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(document);
          resolve();
        };
        const timer = setTimeout(done, ms);
        this.waiting.set(document, done);
      });
    }
    // Rows still being written belong in the log before the snapshot claims their place.
    await state.writes.catch(() => {}); // a failed write marked the document dirty: the snapshot covers it
    await this.store(document, state);
  }

  /** The document's next snapshot is written without the spread's wait, and a wait under way ends now. */
  hurry(document: Document): void {
    this.hurried.add(document);
    this.waiting.get(document)?.();
  }

  /** The last editor left: a snapshot waiting for its step is written now. */
  async onDisconnect({ document }: onDisconnectPayload<CollabContext>) {
    if (document.getConnectionsCount() === 0) this.waiting.get(document)?.();
  }

  /** Shutdown: no snapshot waits any more, the waiting ones are written now. */
  stop(): void {
    this.stopping = true;
    for (const done of [...this.waiting.values()]) done();
  }

  /** On shutdown, for documents still open (a store failed): one last snapshot attempt each. */
  async storeOpen(documents: Iterable<Document>) {
    // Together, so the snapshot writer makes them a few statements.
    await Promise.all(
      [...documents].map((document) => {
        const state = this.states.get(document);
        return state
          ? this.store(document, state).catch((err) => this.options.logger.error({ component: "collab", err }, "last snapshot failed"))
          : null;
      }),
    );
  }
}
