import * as services from "@codeclass/services";
import { bankLaunchInput, bankListInput, bankQuestionRef, bankSaveInput, bankUpdateInput } from "@codeclass/validators";
import { protectedProcedure, router } from "../trpc.ts";

/** A bank question (re-exported for the web app's types). */
export type BankQuestion = services.pollBank.BankQuestion;

/** The course's question bank, for its staff: save a poll's question, list and search, edit, delete, ask in a session. */
export const pollBankRouter = router({
  save: protectedProcedure.input(bankSaveInput).mutation(({ ctx, input }) => services.pollBank.save(ctx.db, ctx.actor, input)),
  list: protectedProcedure.input(bankListInput).query(({ ctx, input }) => services.pollBank.list(ctx.db, ctx.actor, input)),
  update: protectedProcedure.input(bankUpdateInput).mutation(({ ctx, input }) => services.pollBank.update(ctx.db, ctx.actor, input)),
  remove: protectedProcedure.input(bankQuestionRef).mutation(({ ctx, input }) => services.pollBank.remove(ctx.db, ctx.actor, input)),
  launch: protectedProcedure.input(bankLaunchInput).mutation(({ ctx, input }) => services.pollBank.launch(ctx.db, ctx.actor, input)),
});
