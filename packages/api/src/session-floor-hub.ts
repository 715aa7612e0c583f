import type { Database } from "@codeclass/db";
import { floor, run } from "@codeclass/services";

/** One LISTEN per process on the session floor channel, fanned out to subscribers by session id. */
export interface SessionFloorHub {
  ready: Promise<unknown>;
  /** Calls `fn` on each notice about the session; returns the unsubscribe. */
  on(sessionId: string, fn: (notice: floor.FloorNotice) => void): () => void;
  /** Resolves on the next notice of one of `kinds` about the session, after `timeoutMs`, or on abort. Register before reading. */
  waitFor(
    sessionId: string,
    kinds: floor.FloorNotice["kind"][],
    timeoutMs: number,
    signal?: AbortSignal,
  ): { promise: Promise<void>; cancel(): void };
}

const hubs = new WeakMap<Database, SessionFloorHub>();

/**
 * The hub of a database client, made on first use. Its LISTEN connection belongs to the client's
 * pool and ends with it, so servers and tests need no wiring of their own.
 */
export function sessionFloorHub(db: Database): SessionFloorHub {
  let hub = hubs.get(db);
  if (!hub) {
    hub = createSessionFloorHub(db);
    hubs.set(db, hub);
  }
  return hub;
}

function createSessionFloorHub(db: Database): SessionFloorHub {
  const hub = run.createNotifyHub(
    (channel, onPayload) => db.$client.listen(channel, onPayload),
    floor.sessionFloorChannel,
    (payload) => {
      const notice = floor.parseFloorNotice(payload);
      return notice ? { key: notice.sessionId, value: notice } : null;
    },
  );
  // A failed LISTEN is reported to the streams that wait for it; a later call tries again.
  hub.ready.catch(() => hubs.delete(db));
  return {
    ready: hub.ready,
    on: hub.on,
    waitFor: (sessionId, kinds, timeoutMs, signal) => hub.waitFor(sessionId, timeoutMs, signal, (notice) => kinds.includes(notice.kind)),
  };
}
