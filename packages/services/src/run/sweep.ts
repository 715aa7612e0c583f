import { type DbOrTx, runEvents, runs } from "@codeclass/db";
import { and, eq, lt, sql } from "drizzle-orm";
import { gradeRun } from "../poll-code/grade-run.ts";
import { appendEvents } from "./append-events.ts";

const workerStopped = "The worker running this program stopped (not your code); run it again";

/**
 * Runs whose worker stopped heartbeating (it died mid-run) end as INTERNAL_ERROR with an "end"
 * event, so nothing stays "running" forever. Returns how many were swept.
 */
export async function sweep(db: DbOrTx, staleMs = 30_000): Promise<number> {
  const swept = await db
    .update(runs)
    .set({ status: "finished", verdict: "INTERNAL_ERROR", message: workerStopped, finishedAt: sql`now()` })
    .where(and(eq(runs.status, "running"), lt(runs.heartbeatAt, sql`now() - make_interval(secs => ${staleMs / 1000})`)))
    .returning({
      id: runs.id,
      lastSeq: sql<number>`(select coalesce(max(${runEvents.seq}), 0) from ${runEvents} where ${runEvents.runId} = ${runs.id})`.mapWith(
        Number,
      ),
    });
  for (const { id, lastSeq } of swept) {
    const result = {
      verdict: "INTERNAL_ERROR",
      message: workerStopped,
      exitCode: null,
      signal: null,
      cpuMs: 0,
      wallMs: 0,
      memoryKb: 0,
      timeLimit: null,
    } as const;
    await appendEvents(db, id, [{ seq: lastSeq + 1, data: { type: "end", result } }]);
    // A code question's test run counts as failed, so the student's answer does not stay pending.
    await gradeRun(db, id);
  }
  return swept.length;
}
