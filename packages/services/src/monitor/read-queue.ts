import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/** The job queue as graphile-worker holds it: jobs ready to run that no worker has taken yet. */
export interface QueueFigures {
  /** Ready jobs not yet taken, over every task. */
  depth: number;
  /** Ready jobs not yet taken, per task (run_code, send_email ...). */
  byTask: Record<string, number>;
  /** How long the oldest of them has waited, seconds (0 when none waits). */
  oldestSeconds: number;
  /** Runs still queued (their job not yet claimed by a worker). */
  runsQueued: number;
}

/**
 * One statement over graphile-worker's jobs view: a job waits when it is due (run_at passed), not
 * locked by a worker, and has attempts left; jobs scheduled for later (retries with backoff) do not.
 */
export async function readQueue(db: DbOrTx): Promise<QueueFigures> {
  const rows = await db.execute<{ task: string | null; waiting: string; oldest: number | null; runs_queued: string }>(sql`
    select j.task_identifier as task, count(*) as waiting,
      extract(epoch from now() - min(j.run_at))::float8 as oldest,
      (select count(*) from runs where status = 'queued') as runs_queued
    from graphile_worker.jobs j
    where j.locked_at is null and j.run_at <= now() and j.attempts < j.max_attempts
    group by rollup (j.task_identifier)`);
  const byTask: Record<string, number> = {};
  let depth = 0;
  let oldestSeconds = 0;
  let runsQueued = 0;
  for (const row of rows) {
    runsQueued = Number(row.runs_queued);
    if (row.task === null) {
      depth = Number(row.waiting);
      oldestSeconds = Math.max(0, Number(row.oldest ?? 0));
    } else byTask[row.task] = Number(row.waiting);
  }
  // With no waiting job the rollup still answers its total row, so runs_queued is always read.
  return { depth, byTask, oldestSeconds, runsQueued };
}
