import { EventEmitter } from "node:events";
import type { Database } from "@codeclass/db";
import { floor, ServiceError } from "@codeclass/services";
import { TRPCError } from "@trpc/server";

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
  const emitter = new EventEmitter().setMaxListeners(0);
  const ready = db.$client.listen(floor.sessionFloorChannel, (payload) => {
    const notice = floor.parseFloorNotice(payload);
    if (notice) emitter.emit(notice.sessionId, notice);
  });
  // A failed LISTEN is reported to the streams that wait for it; a later call tries again.
  ready.catch(() => hubs.delete(db));
  return {
    ready,
    on(sessionId, fn) {
      emitter.on(sessionId, fn);
      return () => emitter.off(sessionId, fn);
    },
    waitFor(sessionId, kinds, timeoutMs, signal) {
      let cancel = () => {};
      const promise = new Promise<void>((resolve) => {
        const onNotice = (notice: floor.FloorNotice) => {
          if (kinds.includes(notice.kind)) done();
        };
        const done = () => {
          clearTimeout(timer);
          emitter.off(sessionId, onNotice);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        emitter.on(sessionId, onNotice);
        signal?.addEventListener("abort", done);
        cancel = done;
      });
      return { promise, cancel };
    },
  };
}

/** A service's refusal inside a stream (the procedure's middleware only sees the start) as its tRPC error. */
export async function streamStep<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof ServiceError) throw new TRPCError({ code: e.code, message: e.message, cause: e });
    throw e;
  }
}
