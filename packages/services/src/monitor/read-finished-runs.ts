import { type DbOrTx, runs } from "@codeclass/db";
import { and, asc, eq, gt, sql } from "drizzle-orm";

/** A finished run as the metrics count it. */
export interface FinishedRun {
  id: string;
  language: string;
  /** ok, compile_error, ... ("none" when the worker left none). */
  verdict: string;
  /** From queued to taken by a worker, seconds (null when it never started). */
  queueWaitSeconds: number | null;
  /** From queued to finished, seconds. */
  totalSeconds: number;
  finishedAt: Date;
}

/** Runs that finished after `since`, oldest first (at most `limit`), read through runs_finished_idx. */
export async function readFinishedRuns(db: DbOrTx, since: Date, limit = 5000): Promise<FinishedRun[]> {
  const rows = await db
    .select({
      id: runs.id,
      language: runs.language,
      verdict: runs.verdict,
      queueWaitSeconds: sql<number | null>`extract(epoch from ${runs.startedAt} - ${runs.createdAt})::float8`,
      totalSeconds: sql<number>`extract(epoch from ${runs.finishedAt} - ${runs.createdAt})::float8`,
      finishedAt: runs.finishedAt,
    })
    .from(runs)
    .where(and(gt(runs.finishedAt, since), eq(runs.status, "finished")))
    .orderBy(asc(runs.finishedAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    language: r.language,
    verdict: r.verdict ?? "none",
    queueWaitSeconds: r.queueWaitSeconds === null ? null : Math.max(0, Number(r.queueWaitSeconds)),
    totalSeconds: Math.max(0, Number(r.totalSeconds)),
    finishedAt: r.finishedAt!,
  }));
}
