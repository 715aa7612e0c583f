import { type DbOrTx, runs } from "@codeclass/db";
import { sql } from "drizzle-orm";

/**
 * The runs the monitoring page lists: those queued or running now, then the last to finish, newest
 * first. Read backwards through runs_finished_idx (unfinished runs have no finished_at and come
 * first in that order), so a table of millions of runs costs a few index pages.
 */
export async function recentRuns(db: DbOrTx, limit = 15) {
  return db
    .select({
      id: runs.id,
      language: runs.language,
      status: runs.status,
      verdict: runs.verdict,
      driver: runs.driver,
      wallMs: runs.wallMs,
      createdAt: runs.createdAt,
      finishedAt: runs.finishedAt,
    })
    .from(runs)
    .orderBy(sql`${runs.finishedAt} desc nulls first`)
    .limit(limit);
}
export type RecentRun = Awaited<ReturnType<typeof recentRuns>>[number];
