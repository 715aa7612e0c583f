import { EventEmitter } from "node:events";

/**
 * LISTENs on `channel` and calls `onPayload` for each NOTIFY; resolves once the first attempt is
 * made. postgres.js's `sql.listen` is one; the worker adapts its pg pool to it.
 */
export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<{ unlisten(): Promise<unknown> }>;

/** Wakes subscribers of one key (a run id, a session id) when a NOTIFY on the channel names it. */
export interface NotifyHub<T = string> {
  /** Resolves once LISTEN is in place. */
  ready: Promise<unknown>;
  /** Calls `fn` with each notification for `key`; returns the unsubscribe. */
  on(key: string, fn: (value: T) => void): () => void;
  /**
   * Resolves on the next notification for `key` that `accept` takes (any, by default), after
   * `timeoutMs`, or on abort. Register before reading.
   */
  waitFor(key: string, timeoutMs: number, signal?: AbortSignal, accept?: (value: T) => boolean): { promise: Promise<void>; cancel(): void };
  close(): Promise<void>;
}

/**
 * One LISTEN per process and channel, shared by every subscriber (the API's run events, the
 * worker's input, the session floor). `parse` reads a payload as the key it is about and the
 * value subscribers get (by default the payload is the key); a payload it returns null for is
 * ignored.
 */
export function createNotifyHub<T = string>(
  listen: Listen,
  channel: string,
  parse: (payload: string) => { key: string; value: T } | null = (payload) => ({ key: payload, value: payload as T }),
): NotifyHub<T> {
  const emitter = new EventEmitter().setMaxListeners(0);
  const listening = listen(channel, (payload) => {
    const notice = parse(payload);
    if (notice) emitter.emit(notice.key, notice.value);
  });
  return {
    ready: listening,
    on(key, fn) {
      emitter.on(key, fn);
      return () => emitter.off(key, fn);
    },
    waitFor(key, timeoutMs, signal, accept = () => true) {
      let cancel = () => {};
      const promise = new Promise<void>((resolve) => {
        const onValue = (value: T) => {
          if (accept(value)) done();
        };
        const done = () => {
          clearTimeout(timer);
          emitter.off(key, onValue);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        emitter.on(key, onValue);
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
