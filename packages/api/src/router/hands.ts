import * as services from "@codeclass/services";
import { handsLowerForInput, sessionRef } from "@codeclass/validators";
import { sessionFloorHub } from "../session-floor-hub.ts";
import { followView, idleRecheckMs, protectedProcedure, router } from "../trpc.ts";

/** The hand queue as the caller sees it (re-exported for the web app's types). */
export type HandsState = services.hands.HandsState;

export const handsRouter = router({
  raise: protectedProcedure.input(sessionRef).mutation(({ ctx, input }) => services.hands.raise(ctx.db, ctx.actor, input)),
  lower: protectedProcedure.input(sessionRef).mutation(({ ctx, input }) => services.hands.lower(ctx.db, ctx.actor, input)),
  lowerFor: protectedProcedure.input(handsLowerForInput).mutation(({ ctx, input }) => services.hands.lowerFor(ctx.db, ctx.actor, input)),
  lowerAll: protectedProcedure.input(sessionRef).mutation(({ ctx, input }) => services.hands.lowerAll(ctx.db, ctx.actor, input)),
  state: protectedProcedure.input(sessionRef).query(({ ctx, input }) => services.hands.state(ctx.db, ctx.actor, input)),
  /**
   * The caller's view of the hand queue (hands.state): at once, then after every change. Each
   * event is the whole view, so a reconnect needs nothing to resume from.
   */
  events: protectedProcedure.input(sessionRef).subscription(async ({ ctx, input, signal }) => {
    // The first view is read before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    const first = await services.hands.state(ctx.db, ctx.actor, input);
    await sessionFloorHub(ctx.db).ready;
    return followView({
      first,
      access: first.staff,
      recheck: async () => (await services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "view")).staff,
      read: async (staff) =>
        services.hands.viewOf(input.sessionId, ctx.actor, staff, await services.hands.openHands(ctx.db, input.sessionId)),
      wake: () => sessionFloorHub(ctx.db).waitFor(input.sessionId, ["hands"], idleRecheckMs, signal),
      signal,
    });
  }),
});
