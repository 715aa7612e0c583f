import { assignmentTests, type DbOrTx, submissionResults } from "@codeclass/db";
import { and, asc, desc, eq, inArray } from "drizzle-orm";

export type TestRow = typeof assignmentTests.$inferSelect;
export type ResultRow = typeof submissionResults.$inferSelect;

/** An assignment's tests in order. */
export const testsOf = (db: DbOrTx, assignmentId: string) =>
  db.select().from(assignmentTests).where(eq(assignmentTests.assignmentId, assignmentId)).orderBy(asc(assignmentTests.position));

/**
 * The current result of each test for each submission: the newest row at the test's current
 * revision (older rows and rows of earlier revisions stay for audit). Keyed by submission id, then test id.
 */
export async function currentResults(db: DbOrTx, submissionIds: string[], tests: TestRow[]): Promise<Map<string, Map<string, ResultRow>>> {
  const out = new Map<string, Map<string, ResultRow>>();
  if (submissionIds.length === 0) return out;
  const revision = new Map(tests.map((t) => [t.id, t.revision]));
  const rows = await db
    .select()
    .from(submissionResults)
    .where(and(inArray(submissionResults.submissionId, submissionIds)))
    .orderBy(desc(submissionResults.id));
  for (const r of rows) {
    if (revision.get(r.testId) !== r.testRevision) continue;
    const forSubmission = out.get(r.submissionId) ?? new Map<string, ResultRow>();
    out.set(r.submissionId, forSubmission);
    if (!forSubmission.has(r.testId)) forSubmission.set(r.testId, r);
  }
  return out;
}
