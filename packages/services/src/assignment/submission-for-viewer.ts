import { type DbOrTx, submissionResults, submissions } from "@codeclass/db";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";
import { testsOf } from "./current-results.ts";
import { dueFor } from "./due-for.ts";
import { requireAssignment } from "./require-assignment.ts";
import { type ResultView, resultView } from "./result-view.ts";
import { testRevealed } from "./visibility.ts";

/** A submission's state as its viewer sees it. */
export interface SubmissionSummary {
  id: string;
  assignmentId: string;
  userId: string;
  status: "queued" | "running" | "finished";
  language: string;
  createdAt: Date;
  finishedAt: Date | null;
  compileVerdict: string | null;
  compileOutput: string | null;
  rawScore: number | null;
  score: number | null;
  maxScore: number | null;
  lateMinutes: number;
  penaltyPct: number;
  countsAsAttempt: boolean;
  round: number;
  /** Tests of the assignment now (for a progress bar: results of this round so far of these). */
  testCount: number;
}

/**
 * A submission for its owner or the course's staff (anyone else: FORBIDDEN), with its results
 * recorded after result id `afterId` that are current (a test's newest row at its revision), each
 * shaped by what the viewer may see (result-view.ts): a hidden test's name, input, expected and
 * actual output, messages and diff never leave this function for a student.
 */
export async function submissionForViewer(db: DbOrTx, actor: Actor, submissionId: string, afterId = 0) {
  const [submission] = await db.select().from(submissions).where(eq(submissions.id, submissionId));
  if (!submission) throw notFound(`No submission has id ${submissionId}`, "submissionId");
  const { assignment, staff } = await requireAssignment(db, actor, submission.assignmentId, "view");
  if (!staff && submission.userId !== actor.id) throw forbidden("not your submission: only its author and the course's staff can see it");
  const tests = await testsOf(db, assignment.id);
  const byId = new Map(tests.map((t) => [t.id, t]));
  const rows = await db
    .select()
    .from(submissionResults)
    .where(and(eq(submissionResults.submissionId, submissionId), gt(submissionResults.id, afterId)))
    .orderBy(asc(submissionResults.id));
  const viewer = { staff, dueAt: staff ? null : await dueFor(db, assignment, actor.id) };
  const now = new Date();
  // Newest row per test at its current revision; older ones are history (kept for audit, shown to no one here).
  const newest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (byId.get(r.testId)?.revision === r.testRevision) newest.set(r.testId, r);
  const results: ResultView[] = [...newest.values()]
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      const test = byId.get(r.testId)!;
      return resultView(r, test, testRevealed(test, assignment, viewer, now));
    });
  const summary: SubmissionSummary = {
    id: submission.id,
    assignmentId: submission.assignmentId,
    userId: submission.userId,
    status: submission.status,
    language: submission.language,
    createdAt: submission.createdAt,
    finishedAt: submission.finishedAt,
    compileVerdict: submission.compileVerdict,
    compileOutput: submission.compileOutput,
    rawScore: submission.rawScore,
    score: submission.score,
    maxScore: submission.maxScore,
    lateMinutes: submission.lateMinutes,
    penaltyPct: submission.penaltyPct,
    countsAsAttempt: submission.countsAsAttempt,
    round: submission.round,
    testCount: tests.length,
  };
  return { summary, results, lastResultId: rows.length ? rows[rows.length - 1]!.id : afterId };
}
