import * as services from "@codeclass/services";
import { breakoutBroadcastInput, breakoutCreateInput, breakoutMoveInput, breakoutTimerInput, sessionRef } from "@codeclass/validators";
import type { Context } from "../context.ts";
import { sessionFloorHub } from "../session-floor-hub.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** The breakouts as the caller sees them (re-exported for the web app's types). */
export type BreakoutsState = services.breakouts.BreakoutsState;

/** How often a breakouts stream re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;

export const breakoutsRouter = router({
  create: protectedProcedure.input(breakoutCreateInput).mutation(({ ctx, input }) => services.breakouts.create(ctx.db, ctx.actor, input)),
  move: protectedProcedure
    .input(breakoutMoveInput)
    .mutation(({ ctx, input }) => services.breakouts.move(ctx.db, ctx.livekit, ctx.actor, input)),
  broadcast: protectedProcedure
    .input(breakoutBroadcastInput)
    .mutation(({ ctx, input }) => services.breakouts.broadcast(ctx.db, ctx.actor, input)),
  setTimer: protectedProcedure
    .input(breakoutTimerInput)
    .mutation(({ ctx, input }) => services.breakouts.setTimer(ctx.db, ctx.actor, input)),
  recall: protectedProcedure
    .input(sessionRef)
    .mutation(({ ctx, input }) => services.breakouts.recall(ctx.db, ctx.livekit, ctx.actor, input)),
  state: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.breakouts.state(ctx.db, ctx.actor, input)),
  /**
   * The caller's view of the session's breakouts (breakouts.state): at once, then after every
   * change (a split, a move, a broadcast, the timer, the recall). The stream also wakes when the
   * timer runs out, so the recall reaches everyone on time. Each event is the whole view.
   */
  events: protectedProcedure.input(sessionRef).subscription(async ({ ctx, input, signal }) => {
    const first = await services.breakouts.state(ctx.db, ctx.actor, input);
    await sessionFloorHub(ctx.db).ready;
    return followBreakouts(ctx, input.sessionId, first, signal);
  }),
});

async function* followBreakouts(
  ctx: Context & { actor: services.Actor },
  sessionId: string,
  first: BreakoutsState,
  signal: AbortSignal | undefined,
): AsyncGenerator<BreakoutsState> {
  const hub = sessionFloorHub(ctx.db);
  let last = JSON.stringify(first);
  let view = first;
  let staff = first.staff;
  let checkedAt = Date.now();
  yield first;
  for (;;) {
    // Register for the wake-up before reading (the first read again too), so no change is missed;
    // wake also when the timer runs out (a little after, so the read sees it past).
    const endsAt = view.breakout?.endsAt ? new Date(view.breakout.endsAt).getTime() : null;
    const wait = endsAt === null ? idleRecheckMs : Math.min(idleRecheckMs, Math.max(0, endsAt - Date.now()) + 50);
    const wake = hub.waitFor(sessionId, ["breakouts"], wait, signal);
    try {
      if (Date.now() - checkedAt >= idleRecheckMs) {
        ({ staff } = await streamStep(services.session.requireSession(ctx.db, ctx.actor, sessionId, "view")));
        checkedAt = Date.now();
      }
      view = await streamStep(services.breakouts.readState(ctx.db, sessionId, ctx.actor, staff));
      const key = JSON.stringify(view);
      if (key !== last) {
        last = key;
        yield view;
      }
      await wake.promise;
      if (signal?.aborted) return;
    } finally {
      wake.cancel();
    }
  }
}
