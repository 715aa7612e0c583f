import { type DbOrTx, runInputs, runs } from "@codeclass/db";
import { and, asc, eq, gt } from "drizzle-orm";

/** What the worker delivers next: whether a stop was asked for, and the input typed after `afterId`, in order. */
export async function readInputs(db: DbOrTx, runId: string, afterId: number) {
  // One query: the stop flag, with the input rows after the last one delivered.
  const rows = await db
    .select({ cancelRequested: runs.cancelRequested, id: runInputs.id, data: runInputs.data, eof: runInputs.eof })
    .from(runs)
    .leftJoin(runInputs, and(eq(runInputs.runId, runs.id), gt(runInputs.id, afterId)))
    .where(eq(runs.id, runId))
    .orderBy(asc(runInputs.id));
  const inputs: { id: number; data: string; eof: boolean }[] = [];
  for (const r of rows) if (r.id !== null) inputs.push({ id: r.id, data: r.data ?? "", eof: r.eof ?? false });
  return { cancelRequested: rows[0]?.cancelRequested ?? false, inputs };
}
