import * as services from "@codeclass/services";
import { pollCodeAnswerInput, pollCodeCreateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/** Code questions: staff ask them (language, starter, tests); students answer with a file of their workspace, run in the sandbox per test. */
export const pollCodeRouter = router({
  create: protectedProcedure.input(pollCodeCreateInput).mutation(({ ctx, input }) => services.pollCode.create(ctx.db, ctx.actor, input)),
  answer: protectedProcedure.input(pollCodeAnswerInput).mutation(({ ctx, input }) => services.pollCode.answer(ctx.db, ctx.actor, input)),
});
