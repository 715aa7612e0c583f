import { type DbOrTx, submissionResults } from "@codeclass/db";
import { sql } from "drizzle-orm";
import { submissionGradedChannel } from "./channels.ts";

export type NewResult = typeof submissionResults.$inferInsert;

/** Stored output of one test is cut here. */
export const resultOutputChars = 64 * 1024;
const cut = (s: string | undefined) =>
  s && s.length > resultOutputChars ? `${s.slice(0, resultOutputChars)}\n[cut at 64 KiB]` : (s ?? "");

/**
 * Appends one test's result and wakes the submission's followers (the stream of results as they
 * finish): one statement, so both happen or neither (a grading writes one per test).
 */
export async function recordResult(db: DbOrTx, result: NewResult): Promise<void> {
  const insert = db.insert(submissionResults).values({ ...result, stdout: cut(result.stdout), stderr: cut(result.stderr) });
  await db.execute(sql`with recorded as (${insert.getSQL()}) select pg_notify(${submissionGradedChannel}, ${result.submissionId})`);
}
