import { type DbOrTx, runEvents } from "@codeclass/db";
import { and, eq, gt } from "drizzle-orm";
import type { StoredRunEvent } from "./events.ts";

/** How many events readRunEvents returns at most. */
export const runEventsPage = 500;

/** Events after `afterSeq`, in order. */
export async function readRunEvents(
  db: DbOrTx,
  runId: string,
  afterSeq: number,
  limit = runEventsPage,
): Promise<{ seq: number; data: StoredRunEvent }[]> {
  const rows = await db
    .select({ seq: runEvents.seq, data: runEvents.data })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
    .orderBy(runEvents.seq)
    .limit(limit);
  // The column is plain jsonb; only the worker's event writer (typed by StoredRunEvent) fills it.
  return rows as { seq: number; data: StoredRunEvent }[];
}
