import { EventEmitter } from "node:events";
import { runEventsChannel } from "@codeclass/services";
import type { Sql } from "postgres";

/** Wakes subscribers of a run when the worker NOTIFYs new events; one LISTEN per process. */
export interface RunEventsHub {
  /** Resolves once LISTEN is in place. */
  ready: Promise<unknown>;
  /** Resolves on the next notification for `runId`, after `timeoutMs`, or on abort. Register before reading. */
  waitFor(runId: string, timeoutMs: number, signal?: AbortSignal): { promise: Promise<void>; cancel(): void };
  close(): Promise<void>;
}

export function createRunEventsHub(sql: Sql): RunEventsHub {
  const emitter = new EventEmitter().setMaxListeners(0);
  const listening = sql.listen(runEventsChannel, (runId: string) => emitter.emit(runId));
  return {
    ready: listening,
    waitFor(runId, timeoutMs, signal) {
      let cancel = () => {};
      const promise = new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          emitter.off(runId, done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        emitter.on(runId, done);
        signal?.addEventListener("abort", done);
        cancel = done;
      });
      return { promise, cancel };
    },
    close: async () => (await listening).unlisten(),
  };
}
