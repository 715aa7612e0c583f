import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/** Worker processes seen through Postgres, and the newest heartbeat of a run one of them holds. */
export interface WorkerFigures {
  /** graphile-worker runners connected to this database (each keeps one listening connection). */
  alive: number;
  /** When each connected runner's process connected, oldest first. */
  since: string[];
  /**
   * The newest sign of life from any worker: the heartbeat a worker writes every few seconds while
   * it holds a run, else when the last run finished; null before the first run.
   */
  lastHeartbeatAt: string | null;
  /** Runs being run now. */
  runsRunning: number;
  /** Runs being run now per sandbox driver (docker, bwrap). */
  runningByDriver: Record<string, number>;
}

/**
 * graphile-worker keeps no table of its workers, but every runner holds one connection that does
 * nothing but LISTEN for new jobs; that connection lives exactly as long as the runner's process,
 * on any machine. Connections of this database only (other databases share the cluster's view).
 */
const listenQuery = 'LISTEN "jobs:insert"; LISTEN "worker:migrate";';

export async function readWorkers(db: DbOrTx): Promise<WorkerFigures> {
  const [listeners, running] = await Promise.all([
    db.execute<{ since: string }>(sql`
      select backend_start::text as since from pg_stat_activity
      where datname = current_database() and query = ${listenQuery} and state = 'idle'
      order by backend_start`),
    // Both read through indexes (runs_status_idx, runs_finished_idx), never the whole table.
    db.execute<{ driver: string | null; n: string; last: string | null }>(sql`
      select driver, count(*) as n, max(heartbeat_at)::text as last from runs where status = 'running' group by driver
      union all
      select null, 0, max(finished_at)::text from runs`),
  ]);
  const runningByDriver: Record<string, number> = {};
  let lastHeartbeatAt: string | null = null;
  let runsRunning = 0;
  for (const row of running) {
    const n = Number(row.n);
    runsRunning += n;
    if (n > 0) runningByDriver[row.driver ?? "unknown"] = n;
    if (row.last && (!lastHeartbeatAt || new Date(row.last) > new Date(lastHeartbeatAt))) lastHeartbeatAt = row.last;
  }
  return {
    alive: listeners.length,
    since: listeners.map((l) => new Date(l.since).toISOString()),
    lastHeartbeatAt: lastHeartbeatAt && new Date(lastHeartbeatAt).toISOString(),
    runsRunning,
    runningByDriver,
  };
}
