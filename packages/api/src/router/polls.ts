import * as services from "@codeclass/services";
import { pollAnswerInput, pollCreateInput, pollEventsInput, pollListInput, pollRef } from "@codeclass/validators";
import { tracked } from "@trpc/server";
import type { Context } from "../context.ts";
import { sessionFloorHub } from "../session-floor-hub.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** A poll as the caller sees it (re-exported for the web app's types). */
export type PollView = services.polls.PollView;

/** How often a polls stream re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;

export const pollsRouter = router({
  create: protectedProcedure.input(pollCreateInput).mutation(({ ctx, input }) => services.polls.create(ctx.db, ctx.actor, input)),
  close: protectedProcedure.input(pollRef).mutation(({ ctx, input }) => services.polls.close(ctx.db, ctx.actor, input)),
  reveal: protectedProcedure.input(pollRef).mutation(({ ctx, input }) => services.polls.reveal(ctx.db, ctx.actor, input)),
  answer: protectedProcedure.input(pollAnswerInput).mutation(({ ctx, input }) => services.polls.answer(ctx.db, ctx.actor, input)),
  list: protectedProcedure.input(pollListInput).query(({ ctx, input }) => services.polls.list(ctx.db, ctx.actor, input)),
  /**
   * Follows a session's polls: every poll changed after `lastEventId` (all of them when absent),
   * then each change, as the poll's current state tracked by its change number, so a client that
   * reconnects resumes without gaps. Staff get every change of the results; students get polls
   * asked, closed and revealed.
   */
  events: protectedProcedure.input(pollEventsInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    const { staff } = await services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "view");
    await sessionFloorHub(ctx.db).ready;
    return followPolls(ctx, input.sessionId, staff, Number(input.lastEventId ?? 0), signal);
  }),
});

async function* followPolls(
  ctx: Context & { actor: services.Actor },
  sessionId: string,
  firstStaff: boolean,
  from: number,
  signal: AbortSignal | undefined,
) {
  const hub = sessionFloorHub(ctx.db);
  let after = from;
  let staff = firstStaff;
  let checkedAt = Date.now();
  for (;;) {
    if (Date.now() - checkedAt >= idleRecheckMs) {
      ({ staff } = await streamStep(services.session.requireSession(ctx.db, ctx.actor, sessionId, "view")));
      checkedAt = Date.now();
    }
    // Register for the wake-up before reading, so a change committed between the two is not lost.
    const wake = hub.waitFor(sessionId, staff ? ["polls", "poll-results"] : ["polls"], idleRecheckMs, signal);
    try {
      const changes = await streamStep(services.polls.readEvents(ctx.db, { actor: ctx.actor, staff }, sessionId, after));
      for (const { eventId, poll } of changes) {
        after = eventId;
        yield tracked(String(eventId), poll);
      }
      if (changes.length >= services.polls.pollEventsPage) continue;
      await wake.promise;
      if (signal?.aborted) return;
    } finally {
      wake.cancel();
    }
  }
}
