import type { Database } from "@codeclass/db";
import { run } from "@codeclass/services";

/**
 * Runs whose worker stopped heartbeating (it died mid-run) end as INTERNAL_ERROR with an "end"
 * event, so nothing stays "running" forever (services/run/sweep.ts). Returns how many were swept.
 */
export function sweepStuckRuns(db: Database, staleMs = 30_000): Promise<number> {
  return run.sweep(db, staleMs);
}
