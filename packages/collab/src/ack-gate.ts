/**
 * Holds a connection's acknowledgements until its edits are durable. Hocuspocus answers each
 * update with a SyncStatus message right after applying it (the provider counts these down in
 * `unsyncedChanges`); the gate wraps the connection's `send` so a SyncStatus waits for every log
 * write started before it, in order. Other messages (edits of others, awareness) pass at once.
 *
 * This leans on Hocuspocus internals, not on its API: a SyncStatus is `<document name><8><applied
 * 0|1>` (`MessageType.SyncStatus` in @hocuspocus/server and @hocuspocus/provider, the number not
 * exported as a constant of @hocuspocus/common), and the server sends it through
 * `Connection.send` right after `beforeHandleMessage` resolves and the update is applied
 * (`MessageReceiver`). The catalog has @hocuspocus/server at 4.7.0 below the provider's 4.8.0
 * because 4.7.0 is the newest server on npm: the provider and common 4.8.0 (2026-10-28) only
 * changed the browser side (pending updates flushed on page unload, the reconnect timer cleared
 * on disconnect), and server 4.7.0 takes common ^4.7.0, so both share common 4.8.0. Before moving
 * either, run test/ack-gate.test.ts: it fails if the message's number, its layout, or the path it
 * takes change (docs/collab.md, "Persistence and acknowledgement").
 */
import type { Connection } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";

/** Hocuspocus's SyncStatus message type (the acknowledgement of one update). */
export const messageSyncStatus = 8;

/** True for a SyncStatus message of any document. */
export function isSyncStatus(message: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder) === messageSyncStatus;
  } catch {
    return false;
  }
}

export function createAckGate() {
  /** Per connection: settles when every write started so far has committed (rejects if one failed). */
  const durable = new WeakMap<Connection, Promise<void>>();
  const counts = new WeakMap<Connection, number>();

  function wrap(connection: Connection) {
    const send = connection.send.bind(connection);
    connection.send = (message: Uint8Array) => {
      const pending = durable.get(connection);
      if (!pending || !isSyncStatus(message)) return send(message);
      // A failed write closes the connection; its ack, and every later one, is never sent.
      pending.then(
        () => send(message),
        () => {},
      );
    };
  }

  return {
    /** The next acknowledgements of `connection` wait for `write`. */
    after(connection: Connection, write: Promise<void>) {
      const previous = durable.get(connection);
      if (!previous) wrap(connection);
      const chained = (previous ?? Promise.resolve()).then(() => write);
      // Failures are handled where the write was started (the connection is closed); these
      // copies only gate the acks and must not surface as unhandled rejections.
      write.catch(() => {});
      chained.catch(() => {});
      durable.set(connection, chained);
      counts.set(connection, (counts.get(connection) ?? 0) + 1);
      const done = () => counts.set(connection, (counts.get(connection) ?? 1) - 1);
      write.then(done, done);
    },
    /** Writes of `connection` not settled yet. */
    pending(connection: Connection): number {
      return counts.get(connection) ?? 0;
    },
    /** Settles when every write of `connection` started so far has settled. */
    settled(connection: Connection): Promise<void> {
      return (durable.get(connection) ?? Promise.resolve()).catch(() => {});
    },
  };
}
