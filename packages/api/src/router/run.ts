import { listLanguages } from "@codeclass/sandbox";
import * as services from "@codeclass/services";
import { runEventsInput, runInputInput, runListInput, runRef, runStartInput } from "@codeclass/validators";
import { tracked } from "@trpc/server";
import type { Context } from "../context.ts";
import { protectedProcedure, router } from "../trpc.ts";

/** Events a run streams (owned by the run domain; re-exported for the web app's types). */
export type RunStreamEvent = services.run.RunStreamEvent;
/** How a run ended, as carried by its "end" event. */
export type RunEndResult = services.run.RunEndResult;

export const runRouter = router({
  languages: protectedProcedure.query(async ({ ctx }) => {
    const status = await ctx.sandboxStatus();
    return { languages: listLanguages(), available: status.available, unavailableReason: status.reason };
  }),
  start: protectedProcedure.input(runStartInput).mutation(({ ctx, input }) => services.run.start(ctx.db, ctx.actor, input, ctx.runCaps)),
  input: protectedProcedure.input(runInputInput).mutation(({ ctx, input }) => services.run.input(ctx.db, ctx.actor, input)),
  cancel: protectedProcedure.input(runRef).mutation(({ ctx, input }) => services.run.cancel(ctx.db, ctx.actor, input)),
  listMine: protectedProcedure.input(runListInput).query(({ ctx, input }) => services.run.listMine(ctx.db, ctx.actor, input)),
  /** Follows a run from `lastEventId` (a reconnect resumes without losing output) until its end. */
  events: protectedProcedure.input(runEventsInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    await services.runForViewer(ctx.db, ctx.actor, input.runId);
    await ctx.runEvents.ready;
    return followRun(ctx, input.runId, Number(input.lastEventId ?? 0), signal);
  }),
});

/** Yields the run's events after `from`, waking on NOTIFY (or every 15 s), until its "end". */
async function* followRun(ctx: Context, runId: string, from: number, signal: AbortSignal | undefined) {
  let after = from;
  for (;;) {
    // Register for the wake-up before reading, so a notification between the two is not lost.
    const wake = ctx.runEvents.waitFor(runId, 15_000, signal);
    const rows = await services.readRunEvents(ctx.db, runId, after);
    for (const row of rows) {
      after = row.seq;
      yield tracked(String(row.seq), row.data);
      if (row.data.type === "end") {
        wake.cancel();
        return;
      }
    }
    // A full page: read on at once. Otherwise everything up to now is read, and `wake` (registered
    // before the read) fires for anything committed after it.
    if (rows.length >= services.runEventsPage) {
      wake.cancel();
      continue;
    }
    await wake.promise;
    if (signal?.aborted) return;
  }
}
