import { type DbOrTx, runs } from "@codeclass/db";
import { eq, sql } from "drizzle-orm";
import { insertEvents, type NumberedEvent, withNotify } from "./append-events.ts";
import type { RunEndResult } from "./events.ts";

/** The finished run's columns: its end result (less the time limit, which only the event carries) and the sandbox driver. */
export type RunFinish = Omit<RunEndResult, "timeLimit"> & { driver: string | null };

/**
 * Appends the last events (ending with "end") and marks the run finished, in one statement:
 * whoever sees "end" finds the run finished.
 */
export async function finish(db: DbOrTx, runId: string, events: NumberedEvent[], result: RunFinish): Promise<void> {
  const update = db
    .update(runs)
    .set({
      status: "finished",
      verdict: result.verdict,
      message: result.message,
      exitCode: result.exitCode,
      signal: result.signal,
      cpuMs: result.cpuMs,
      wallMs: result.wallMs,
      memoryKb: result.memoryKb,
      driver: result.driver,
      finishedAt: sql`now()`,
    })
    .where(eq(runs.id, runId));
  await db.execute(
    withNotify(
      [
        ["ev", insertEvents(db, runId, events)],
        ["fin", update],
      ],
      runId,
    ),
  );
}
