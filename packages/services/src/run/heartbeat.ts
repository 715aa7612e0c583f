import { type DbOrTx, runs } from "@codeclass/db";
import { eq, sql } from "drizzle-orm";

/** Tells the sweep that the worker holding the run is alive. */
export async function heartbeat(db: DbOrTx, runId: string): Promise<void> {
  await db.update(runs).set({ heartbeatAt: sql`now()` }).where(eq(runs.id, runId));
}
