import * as services from "@codeclass/services";
import { breakoutBroadcastInput, breakoutCreateInput, breakoutMoveInput, breakoutTimerInput, sessionRef } from "@codeclass/validators";
import { sessionFloorHub } from "../session-floor-hub.ts";
import { followView, idleRecheckMs, protectedProcedure, router } from "../trpc.ts";

/** The breakouts as the caller sees them (re-exported for the web app's types). */
export type BreakoutsState = services.breakouts.BreakoutsState;

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
  /** Staff: the students a split would divide now, with their grades (for a split by hand). */
  pool: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.breakouts.pool(ctx.db, ctx.actor, input)),
  state: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.breakouts.state(ctx.db, ctx.actor, input)),
  /**
   * The caller's view of the session's breakouts (breakouts.state): at once, then after every
   * change (a split, a move, a broadcast, the timer, the recall). The stream also wakes when the
   * timer runs out, so the recall reaches everyone on time. Each event is the whole view.
   */
  events: protectedProcedure.input(sessionRef).subscription(async ({ ctx, input, signal }) => {
    const first = await services.breakouts.state(ctx.db, ctx.actor, input);
    await sessionFloorHub(ctx.db).ready;
    return followView({
      first,
      access: first.staff,
      recheck: async () => (await services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "view")).staff,
      read: (staff) => services.breakouts.readState(ctx.db, input.sessionId, ctx.actor, staff),
      // Wake also when the timer runs out (a little after, so the read sees it past).
      wake: (view) => {
        const endsAt = view.breakout?.endsAt ? new Date(view.breakout.endsAt).getTime() : null;
        const wait = endsAt === null ? idleRecheckMs : Math.min(idleRecheckMs, Math.max(0, endsAt - Date.now()) + 50);
        return sessionFloorHub(ctx.db).waitFor(input.sessionId, ["breakouts"], wait, signal);
      },
      signal,
    });
  }),
});
