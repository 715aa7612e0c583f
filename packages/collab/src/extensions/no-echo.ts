/**
 * An edit goes to every connection of its document except the one it came from. Hocuspocus sends
 * each update back to its author too; the author's provider already has it (applying it again
 * changes nothing), and it learns that the server took it from the SyncStatus that follows
 * (ack-gate.ts). For a class typing, that echo was one WebSocket frame of three per keystroke.
 *
 * This leans on Hocuspocus internals, like ack-gate.ts: a document's updates of one flush window
 * (`flushDelay`, one turn of the event loop by default) are merged and sent by its private
 * `broadcastUpdate(update)` through `broadcast(encode, filter)`, at the end of the window or at
 * once when it is full. The window's authors are noted as each transaction ends (before its update
 * is queued), and its author is left out only when the whole window came from one connection.
 * test/no-echo.test.ts fails if those internals change.
 */
import {
  type afterLoadDocumentPayload,
  type Connection,
  type Document,
  type Extension,
  isTransactionOrigin,
  OutgoingMessage,
} from "@hocuspocus/server";
import type * as Y from "yjs";
import type { CollabContext } from "../context.ts";

interface DocumentInternals {
  pendingUpdates: Uint8Array[];
  broadcastUpdate(update: Uint8Array): void;
  broadcast(encode: (address: string) => Uint8Array, filter?: (connection: Connection) => boolean): void;
}

/** Marks the window's updates as coming from several places (or from no connection). */
const mixed = Symbol("mixed");

export function skipEcho(document: Document): void {
  const internals = document as unknown as DocumentInternals;
  if (
    typeof internals.broadcastUpdate !== "function" ||
    typeof internals.broadcast !== "function" ||
    !Array.isArray(internals.pendingUpdates)
  )
    return; // another Hocuspocus: every connection gets every update, as before
  /** Where the updates waiting for this window's broadcast came from. */
  let author: Connection | typeof mixed | null = internals.pendingUpdates.length > 0 ? mixed : null;
  // Noted as a transaction ends, just before Yjs emits its update: Hocuspocus's own listener may
  // send the window at once (no batching, or a full window), and it must know this update's author
  // then. A transaction that changed nothing makes no update (Yjs's own test, below) and is skipped.
  document.on("afterTransactionCleanup", (transaction: Y.Transaction) => {
    if (!changedSomething(transaction)) return;
    const origin = transaction.origin;
    const from = isTransactionOrigin(origin) && origin.source === "connection" ? origin.connection : mixed;
    author = author === null || author === from ? from : mixed;
  });
  const broadcastUpdate = internals.broadcastUpdate.bind(document);
  internals.broadcastUpdate = (update) => {
    const from = author;
    author = null;
    if (from === null || from === mixed) return broadcastUpdate(update);
    internals.broadcast(
      (address) => new OutgoingMessage(address).createSyncMessage().writeUpdate(update).toUint8Array(),
      (connection) => connection !== from,
    );
  };
}

/** Whether Yjs emits an update for the transaction: it deleted something or added structs. */
function changedSomething(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}

export class NoEcho implements Extension<CollabContext> {
  extensionName = "codeclass-no-echo";

  async afterLoadDocument({ document }: afterLoadDocumentPayload<CollabContext>) {
    skipEcho(document);
  }
}
