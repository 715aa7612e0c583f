import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/** Whether Postgres answers, how fast, and how full its connection slots are. */
export interface DatabaseFigures {
  up: boolean;
  /** Time for a `select 1` round trip, seconds (null when down). */
  probeSeconds: number | null;
  /**
   * Connections to this database by client and state (active, idle, idle in transaction ...):
   * "codeclass" is the servers' own pools (their application name), "other" everything else
   * (graphile-worker's pools, operators' tools).
   */
  connections: { application: "codeclass" | "other"; state: string; count: number }[];
  /** The server's max_connections. */
  maxConnections: number | null;
  /** The error when down, for the log and the page. */
  error: string | null;
}

/** A timed `select 1`, then the connection counts; never throws (a down database is a figure too). */
export async function probeDatabase(db: DbOrTx, timeoutMs = 5000): Promise<DatabaseFigures> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const probeSeconds = (performance.now() - started) / 1000;
    const rows = await db.execute<{ application: "codeclass" | "other"; state: string; n: string; max: string }>(sql`
      select case when application_name = 'codeclass' then 'codeclass' else 'other' end as application,
        coalesce(state, 'unknown') as state, count(*) as n, current_setting('max_connections') as max
      from pg_stat_activity where datname = current_database() group by 1, 2 order by 1, 2`);
    const connections = rows.map((r) => ({ application: r.application, state: r.state, count: Number(r.n) }));
    return { up: true, probeSeconds, connections, maxConnections: rows[0] ? Number(rows[0].max) : null, error: null };
  } catch (e) {
    // drizzle wraps the driver's error ("Failed query: ..."); the cause says what went wrong.
    const cause = (e as Error).cause instanceof Error ? ((e as Error).cause as Error) : (e as Error);
    return { up: false, probeSeconds: null, connections: [], maxConnections: null, error: cause.message || String(cause) };
  } finally {
    clearTimeout(timer);
  }
}
