import { type DbOrTx, runs } from "@codeclass/db";
import { inArray, sql } from "drizzle-orm";

/** Runs waiting and running per language, over the whole platform (Judge0's /workers, one queue per language). */
export async function queueDepth(db: DbOrTx): Promise<Map<string, { queued: number; running: number }>> {
  const rows = await db
    .select({
      language: runs.language,
      queued: sql<number>`count(*) filter (where ${runs.status} = 'queued')`.mapWith(Number),
      running: sql<number>`count(*) filter (where ${runs.status} = 'running')`.mapWith(Number),
    })
    .from(runs)
    .where(inArray(runs.status, ["queued", "running"]))
    .groupBy(runs.language);
  return new Map(rows.map((r) => [r.language, { queued: r.queued, running: r.running }]));
}
