import { assignments, type DbOrTx, submissions } from "@codeclass/db";
import { and, eq, sql } from "drizzle-orm";
import { currentResults, type ResultRow, type TestRow, testsOf } from "./current-results.ts";
import type { AssignmentRow } from "./require-assignment.ts";

export type SubmissionRow = typeof submissions.$inferSelect;

export interface GradingPlan {
  submission: SubmissionRow;
  assignment: AssignmentRow;
  /** Every current test, in order. */
  tests: TestRow[];
  /** The tests to run now: all of them at first, those without a result at their current revision on a regrade. */
  toRun: TestRow[];
  /** The current results already there (a regrade keeps those of unchanged tests). */
  kept: Map<string, ResultRow>;
  round: number;
}

/**
 * Takes a submission for grading (the worker): a queued one on its first grading; on a regrade,
 * a finished one, as a new round. Null when it is not there to take (graded already by a retried
 * job, or deleted).
 */
export async function claimSubmission(db: DbOrTx, submissionId: string, regrade: boolean): Promise<GradingPlan | null> {
  const [submission] = await db
    .update(submissions)
    .set(regrade ? { status: "running", round: sql`${submissions.round} + 1` } : { status: "running" })
    .where(and(eq(submissions.id, submissionId), eq(submissions.status, regrade ? "finished" : "queued")))
    .returning();
  if (!submission) return null;
  const [assignment] = await db.select().from(assignments).where(eq(assignments.id, submission.assignmentId));
  if (!assignment) return null;
  const tests = await testsOf(db, assignment.id);
  const kept = regrade
    ? ((await currentResults(db, [submission.id], tests)).get(submission.id) ?? new Map())
    : new Map<string, ResultRow>();
  const toRun = tests.filter((t) => !kept.has(t.id));
  return { submission, assignment, tests, toRun, kept, round: submission.round };
}
