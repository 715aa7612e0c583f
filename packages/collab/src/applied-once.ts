/**
 * An update is decoded and applied once. The update guard and the whiteboard apply a client's
 * update themselves in `beforeHandleMessage` (checked and applied in one step, logged at once),
 * and Hocuspocus then applied the same message again: a second decode and a transaction that
 * changed nothing, for every keystroke. patches/@hocuspocus__server@4.7.0.patch makes Hocuspocus
 * skip a message its connection marks as applied (`appliedMessage`, compared by identity with the
 * message it is about to apply, so a stale mark never matches another message); it still answers
 * with the SyncStatus the acknowledgement waits for. test/hocuspocus-patch.test.ts fails without it.
 */
import type { Connection } from "@hocuspocus/server";

/** `message` (the hook's payload, the very buffer Hocuspocus reads next) has been applied to the document. */
export function markApplied(connection: Connection, message: Uint8Array): void {
  (connection as Connection & { appliedMessage?: Uint8Array | null }).appliedMessage = message;
}
