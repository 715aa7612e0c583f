import * as services from "@codeclass/services";
import {
  assignmentCreateInput,
  assignmentExtensionInput,
  assignmentRef,
  assignmentSetTestsInput,
  assignmentSimilarityInput,
  assignmentUpdateInput,
  courseRef,
  gradebookInput,
  gradeOverrideInput,
  submissionEventsInput,
  submissionListInput,
  submissionRef,
} from "@codeclass/validators";
import { tracked } from "@trpc/server";
import type { Context } from "../context.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** A test's result as a viewer may see it (a hidden test's content never reaches a student). */
export type SubmissionResultView = services.assignment.ResultView;
/** What `assignment.submissionEvents` streams: each result as it is recorded, then the end with the score. */
export type SubmissionStreamEvent =
  | { type: "result"; result: services.assignment.ResultView }
  | { type: "status"; submission: services.assignment.SubmissionSummary }
  | { type: "end"; submission: services.assignment.SubmissionSummary };

/** How often the stream re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;

/** Assignments and auto-grading (docs/grading.md). */
export const assignmentRouter = router({
  list: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.assignment.list(ctx.db, ctx.actor, input)),
  get: protectedProcedure.input(assignmentRef).query(({ ctx, input }) => services.assignment.get(ctx.db, ctx.actor, input)),
  create: protectedProcedure
    .input(assignmentCreateInput)
    .mutation(({ ctx, input }) => services.assignment.create(ctx.db, ctx.actor, input)),
  update: protectedProcedure
    .input(assignmentUpdateInput)
    .mutation(({ ctx, input }) => services.assignment.update(ctx.db, ctx.actor, input)),
  setTests: protectedProcedure
    .input(assignmentSetTestsInput)
    .mutation(({ ctx, input }) => services.assignment.setTests(ctx.db, ctx.actor, input)),
  setExtension: protectedProcedure
    .input(assignmentExtensionInput)
    .mutation(({ ctx, input }) => services.assignment.setExtension(ctx.db, ctx.actor, input)),
  // Creates the caller's assignment workspace on first call; idempotent, so a query.
  workspace: protectedProcedure.input(assignmentRef).query(({ ctx, input }) => services.assignment.workspace(ctx.db, ctx.actor, input)),
  submit: protectedProcedure.input(assignmentRef).mutation(({ ctx, input }) => services.assignment.submit(ctx.db, ctx.actor, input)),
  submission: protectedProcedure.input(submissionRef).query(({ ctx, input }) => services.assignment.submission(ctx.db, ctx.actor, input)),
  submissions: protectedProcedure
    .input(submissionListInput)
    .query(({ ctx, input }) => services.assignment.submissions(ctx.db, ctx.actor, input)),
  /**
   * Follows a submission's grading from `lastEventId` (the last result id seen): each test's
   * result as it finishes, then "end" with the score. Access is checked on every read.
   */
  submissionEvents: protectedProcedure.input(submissionEventsInput).subscription(async ({ ctx, input, signal }) => {
    await services.assignment.submissionForViewer(ctx.db, ctx.actor, input.submissionId, Number.MAX_SAFE_INTEGER);
    await ctx.runEvents.ready;
    return followSubmission(ctx, input.submissionId, Number(input.lastEventId ?? 0) || 0, signal);
  }),
  regrade: protectedProcedure.input(assignmentRef).mutation(({ ctx, input }) => services.assignment.regrade(ctx.db, ctx.actor, input)),
  regradeProgress: protectedProcedure
    .input(assignmentRef)
    .query(({ ctx, input }) => services.assignment.regradeProgress(ctx.db, ctx.actor, input)),
  gradebook: protectedProcedure.input(gradebookInput).query(({ ctx, input }) => services.assignment.gradebook(ctx.db, ctx.actor, input)),
  gradebookCsv: protectedProcedure.input(courseRef).query(({ ctx, input }) => services.assignment.gradebookCsv(ctx.db, ctx.actor, input)),
  setOverride: protectedProcedure
    .input(gradeOverrideInput)
    .mutation(({ ctx, input }) => services.assignment.setOverride(ctx.db, ctx.actor, input)),
  review: protectedProcedure.input(assignmentRef).query(({ ctx, input }) => services.assignment.review(ctx.db, ctx.actor, input)),
  /** Pairs of final submissions ranked by similarity (Dolos), with the matched fragments and each student's edit evidence (staff). */
  similarity: protectedProcedure
    .input(assignmentSimilarityInput)
    .query(({ ctx, input }) => services.assignment.similarity(ctx.db, ctx.actor, input)),
});

async function* followSubmission(
  ctx: Context & { actor: services.Actor },
  submissionId: string,
  from: number,
  signal: AbortSignal | undefined,
) {
  let after = from;
  let lastStatus = "";
  for (;;) {
    const wake = ctx.runEvents.graded.waitFor(submissionId, idleRecheckMs, signal);
    const { summary, results, lastResultId } = await streamStep(
      services.assignment.submissionForViewer(ctx.db, ctx.actor, submissionId, after),
    );
    for (const result of results) yield tracked(String(result.resultId), { type: "result", result } satisfies SubmissionStreamEvent);
    after = lastResultId;
    if (summary.status === "finished") {
      wake.cancel();
      yield { id: undefined, data: { type: "end", submission: summary } satisfies SubmissionStreamEvent };
      return;
    }
    if (summary.status !== lastStatus) {
      lastStatus = summary.status;
      yield { id: undefined, data: { type: "status", submission: summary } satisfies SubmissionStreamEvent };
    }
    await wake.promise;
    if (signal?.aborted) return;
  }
}
