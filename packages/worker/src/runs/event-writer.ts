import type { run } from "@codeclass/services";
import type pg from "pg";

type RunStreamEvent = run.RunStreamEvent;

/** The finished run's columns, written in the same statement as its "end" event. */
export type RunFinish = Omit<run.RunEndResult, "timeLimit"> & { driver: string | null };

const insertEvents =
  "insert into run_events (run_id, seq, type, data) select $1::uuid, s, t, d from unnest($2::int[], $3::text[], $4::jsonb[]) as x(s, t, d)";
const finishRun =
  "update runs set status = 'finished', verdict = $6, message = $7, exit_code = $8, signal = $9, cpu_ms = $10, wall_ms = $11, memory_kb = $12, driver = $13, finished_at = now() where id = $1::uuid";

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
 * statement per batch: the INSERT and its NOTIFY), so a chatty program costs few round trips.
 * `end` writes the last batch, the "end" event and the finished run row at once, without waiting.
 */
export function createEventWriter(pool: pg.Pool, runId: string, channel: string, firstSeq: number, batching: EventBatching = {}) {
  const { outputMs = 10, statusMs = 50 } = batching;
  let seq = firstSeq - 1;
  let pending: { seq: number; data: RunStreamEvent }[] = [];
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

  const flush = (finish?: RunFinish): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    deadline = Number.POSITIVE_INFINITY;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return chain;
    const params: unknown[] = [
      runId,
      batch.map((e) => e.seq),
      batch.map((e) => e.data.type),
      batch.map((e) => JSON.stringify(e.data)),
      channel,
    ];
    // One statement, so one transaction: subscribers woken by the NOTIFY (sent at commit) see the
    // events, and whoever sees "end" finds the run finished.
    let text = `with ev as (${insertEvents}) select pg_notify($5, $1::uuid::text)`;
    if (finish) {
      const f = finish;
      text = `with ev as (${insertEvents}), fin as (${finishRun}) select pg_notify($5, $1::uuid::text)`;
      params.push(f.verdict, f.message, f.exitCode, f.signal, f.cpuMs, f.wallMs, f.memoryKb, f.driver);
    }
    // A failed batch (its events are lost) does not stop the ones after it.
    chain = chain
      .catch(() => {})
      .then(async () => {
        await pool.query(text, params);
      });
    return chain;
  };

  const push = (data: RunStreamEvent) => {
    // Consecutive output of one stream merges into one event.
    const last = pending.at(-1);
    if (last && "data" in last.data && "data" in data && last.data.type === data.type) {
      last.data = { ...last.data, data: last.data.data + data.data };
    } else {
      pending.push({ seq: ++seq, data });
    }
  };

  return {
    push(data: RunStreamEvent) {
      push(data);
      schedule(data.type === "status" ? statusMs : outputMs);
    },
    flush: () => flush(),
    /** Writes what is pending, then `end` (the last event), and marks the run finished: one statement, sent at once. */
    end(end: Extract<RunStreamEvent, { type: "end" }>, finish: RunFinish) {
      push(end);
      return flush(finish);
    },
  };
}
