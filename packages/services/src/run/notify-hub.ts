import { EventEmitter } from "node:events";

/**
 * LISTENs on `channel` and calls `onPayload` for each NOTIFY; resolves once the first attempt is
 * made. postgres.js's `sql.listen` is one; the worker adapts its pg pool to it.
 */
export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<{ unlisten(): Promise<unknown> }>;

/** Wakes subscribers of one key (a run id) when a NOTIFY on the channel carries it. */
export interface NotifyHub {
  /** Resolves once LISTEN is in place. */
  ready: Promise<unknown>;
  /** Calls `fn` on each notification for `key`; returns the unsubscribe. */
  on(key: string, fn: () => void): () => void;
  /** Resolves on the next notification for `key`, after `timeoutMs`, or on abort. Register before reading. */
  waitFor(key: string, timeoutMs: number, signal?: AbortSignal): { promise: Promise<void>; cancel(): void };
  close(): Promise<void>;
}

/** One LISTEN per process and channel, shared by every subscriber (the API's run events, the worker's input). */
export function createNotifyHub(listen: Listen, channel: string): NotifyHub {
  const emitter = new EventEmitter().setMaxListeners(0);
  const listening = listen(channel, (key) => emitter.emit(key));
  return {
    ready: listening,
    on(key, fn) {
      emitter.on(key, fn);
      return () => emitter.off(key, fn);
    },
    waitFor(key, timeoutMs, signal) {
      let cancel = () => {};
      const promise = new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          emitter.off(key, done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        emitter.on(key, done);
        signal?.addEventListener("abort", done);
        cancel = done;
      });
      return { promise, cancel };
    },
    async close() {
      await (await listening).unlisten();
    },
  };
}
