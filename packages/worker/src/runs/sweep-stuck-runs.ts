import { runEventsChannel } from "@codeclass/services";
import type pg from "pg";
import { createEventWriter } from "./event-writer.ts";
import { notRun } from "./not-run.ts";

const workerStopped = "The worker running this program stopped (not your code); run it again";

/** A writer that appends after the run's last event. */
async function openEventWriter(pool: pg.Pool, runId: string) {
  const last = await pool.query<{ seq: number }>("select coalesce(max(seq), 0) as seq from run_events where run_id = $1", [runId]);
  return createEventWriter(pool, runId, runEventsChannel, Number(last.rows[0]!.seq) + 1);
}

/**
 * Runs whose worker stopped heartbeating (it died mid-run) end as INTERNAL_ERROR with an
 * "end" event, so nothing stays "running" forever. Returns how many were swept.
 */
export async function sweepStuckRuns(pool: pg.Pool, staleMs = 30_000): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    "update runs set status = 'finished', verdict = 'INTERNAL_ERROR', message = $2, finished_at = now() where status = 'running' and heartbeat_at < now() - make_interval(secs => $1) returning id",
    [staleMs / 1000, workerStopped],
  );
  for (const { id } of rows) {
    const events = await openEventWriter(pool, id);
    events.push({ type: "end", result: { ...notRun("INTERNAL_ERROR", workerStopped), timeLimit: null } });
    await events.flush();
  }
  return rows.length;
}
