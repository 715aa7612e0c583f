import type { Database } from "@codeclass/db";
import { run } from "@codeclass/services";

type StoredRunEvent = run.StoredRunEvent;

/** How long events wait to be batched, ms. */
export interface EventBatching {
  /** After output (default 10). */
  outputMs?: number;
  /**
   * After a status change with no output yet (default 50): a short program's "running" then goes
   * out with its output and "end" in one statement, instead of a round trip while it runs.
   */
  statusMs?: number;
}

/**
 * Appends a run's events with consecutive sequence numbers, batched for a few milliseconds (one
 * statement per batch: the INSERT and its NOTIFY, services/run/append-events.ts), so a chatty
 * program costs few round trips. `end` writes the last batch, the "end" event and the finished run
 * row at once (services/run/finish.ts), without waiting.
 */
export function createEventWriter(db: Database, runId: string, firstSeq: number, batching: EventBatching = {}) {
  const { outputMs = 10, statusMs = 50 } = batching;
  let seq = firstSeq - 1;
  let pending: run.NumberedEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let deadline = Number.POSITIVE_INFINITY;
  let chain: Promise<void> = Promise.resolve();

  /** Flushes within `ms`: a pending flush that comes sooner stays. */
  const schedule = (ms: number) => {
    const at = performance.now() + ms;
    if (timer && deadline <= at) return;
    if (timer) clearTimeout(timer);
    deadline = at;
    timer = setTimeout(() => void flush().catch(() => {}), ms);
  };

  const flush = (result?: run.RunFinish): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    deadline = Number.POSITIVE_INFINITY;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return chain;
    // A failed batch (its events are lost) does not stop the ones after it.
    chain = chain.catch(() => {}).then(() => (result ? run.finish(db, runId, batch, result) : run.appendEvents(db, runId, batch)));
    return chain;
  };

  const push = (data: StoredRunEvent) => {
    // Consecutive output of one stream merges into one event.
    const last = pending.at(-1);
    if (last && "data" in last.data && "data" in data && last.data.type === data.type) {
      last.data = { ...last.data, data: last.data.data + data.data };
    } else {
      pending.push({ seq: ++seq, data });
    }
  };

  return {
    push(data: StoredRunEvent) {
      push(data);
      schedule(data.type === "status" ? statusMs : outputMs);
    },
    flush: () => flush(),
    /** Writes what is pending, then `end` (the last event), and marks the run finished: one statement, sent at once. */
    end(end: Extract<StoredRunEvent, { type: "end" }>, result: run.RunFinish) {
      push(end);
      return flush(result);
    },
  };
}
