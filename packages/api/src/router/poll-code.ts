import * as services from "@codeclass/services";
import { pollCodeAnswerInput, pollCodeCreateInput, pollRef } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/** Code questions: staff ask them (language, starter, tests); students answer with a file of their workspace, run in the sandbox per test. */
export const pollCodeRouter = router({
  create: protectedProcedure.input(pollCodeCreateInput).mutation(({ ctx, input }) => services.pollCode.create(ctx.db, ctx.actor, input)),
  /** The caller's own workspace files to answer from (any member; staff have no student workspace, so none). */
  myFiles: protectedProcedure.input(pollRef).query(({ ctx, input }) => services.pollCode.myFiles(ctx.db, ctx.actor, input)),
  answer: protectedProcedure.input(pollCodeAnswerInput).mutation(({ ctx, input }) => services.pollCode.answer(ctx.db, ctx.actor, input)),
});
