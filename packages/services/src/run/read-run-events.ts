import { type DbOrTx, runEvents } from "@codeclass/db";
import { and, eq, gt } from "drizzle-orm";

/** How many events readRunEvents returns at most. */
export const runEventsPage = 500;

/** Events after `afterSeq`, in order. */
export function readRunEvents(db: DbOrTx, runId: string, afterSeq: number, limit = runEventsPage) {
  return db
    .select({ seq: runEvents.seq, data: runEvents.data })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
    .orderBy(runEvents.seq)
    .limit(limit);
}
