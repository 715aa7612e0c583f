import { assignmentRegrades, type DbOrTx, submissions } from "@codeclass/db";
import { eq, sql } from "drizzle-orm";
import { submissionGradedChannel } from "./channels.ts";
import type { GradingPlan } from "./claim-submission.ts";
import { currentResults } from "./current-results.ts";
import { applyPenalty } from "./lateness.ts";

/**
 * Ends a grading: the score is the points of the current results (checkers' partial points
 * included), less the late penalty; a compile failure scores 0 and uses an attempt only if the
 * assignment says so. Counts a regrade's progress, and wakes the submission's followers.
 */
export async function finishSubmission(
  db: DbOrTx,
  plan: GradingPlan,
  compile: { verdict: string; output: string },
  regradeId?: number,
): Promise<{ score: number; maxScore: number }> {
  const results = (await currentResults(db, [plan.submission.id], plan.tests)).get(plan.submission.id) ?? new Map();
  const maxScore = plan.tests.reduce((n, t) => n + t.points, 0);
  const compiled = compile.verdict === "OK";
  const raw = compiled ? [...results.values()].reduce((n, r) => n + r.points, 0) : 0;
  const score = applyPenalty(raw, plan.submission.penaltyPct);
  await db.transaction(async (tx) => {
    await tx
      .update(submissions)
      .set({
        status: "finished",
        compileVerdict: compile.verdict,
        compileOutput: compile.output.slice(0, 64 * 1024),
        rawScore: raw,
        score,
        maxScore,
        testsVersion: plan.assignment.testsVersion,
        finishedAt: new Date(),
        // A failure of the platform never uses an attempt; a compile error as the assignment says.
        ...(compile.verdict === "INTERNAL_ERROR" || (compile.verdict === "COMPILE_ERROR" && !plan.assignment.compileErrorUsesAttempt)
          ? { countsAsAttempt: false }
          : {}),
      })
      .where(eq(submissions.id, plan.submission.id));
    if (regradeId !== undefined)
      await tx
        .update(assignmentRegrades)
        .set({
          done: sql`${assignmentRegrades.done} + 1`,
          finishedAt: sql`case when ${assignmentRegrades.done} + 1 >= ${assignmentRegrades.total} then now() else null end`,
        })
        .where(eq(assignmentRegrades.id, regradeId));
    await tx.execute(sql`select pg_notify(${submissionGradedChannel}, ${plan.submission.id})`);
  });
  return { score, maxScore };
}
