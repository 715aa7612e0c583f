import { type DbOrTx, runEvents, runs } from "@codeclass/db";
import { and, eq, sql } from "drizzle-orm";

/** A claimed run: what the worker needs to run it, and its last event number (events continue after it). */
export type ClaimedRun = Pick<
  typeof runs.$inferSelect,
  "id" | "language" | "files" | "stdin" | "args" | "limits" | "interactive" | "cancelRequested"
> & { lastSeq: number };

/**
 * Marks a queued run running (and alive) for the worker that took its job. Null when it is not
 * queued any more (a retried job, or another worker has it): the caller then leaves it alone.
 */
export async function claim(db: DbOrTx, runId: string): Promise<ClaimedRun | null> {
  const [run] = await db
    .update(runs)
    .set({ status: "running", startedAt: sql`now()`, heartbeatAt: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, "queued")))
    .returning({
      id: runs.id,
      language: runs.language,
      files: runs.files,
      stdin: runs.stdin,
      args: runs.args,
      limits: runs.limits,
      interactive: runs.interactive,
      cancelRequested: runs.cancelRequested,
      lastSeq: sql<number>`(select coalesce(max(${runEvents.seq}), 0) from ${runEvents} where ${runEvents.runId} = ${runs.id})`.mapWith(
        Number,
      ),
    });
  return run ?? null;
}
