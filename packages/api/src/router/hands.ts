import * as services from "@codeclass/services";
import { handsLowerForInput, sessionRef } from "@codeclass/validators";
import type { Context } from "../context.ts";
import { sessionFloorHub } from "../session-floor-hub.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** The hand queue as the caller sees it (re-exported for the web app's types). */
export type HandsState = services.hands.HandsState;

/** How often a hands stream re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;

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
    return followHands(ctx, input.sessionId, first, signal);
  }),
});

async function* followHands(
  ctx: Context & { actor: services.Actor },
  sessionId: string,
  first: HandsState,
  signal: AbortSignal | undefined,
): AsyncGenerator<HandsState> {
  const hub = sessionFloorHub(ctx.db);
  let last = JSON.stringify(first);
  let staff = first.staff;
  let checkedAt = Date.now();
  yield first;
  for (;;) {
    // Register for the wake-up before reading (the first read again too), so no change is missed.
    const wake = hub.waitFor(sessionId, ["hands"], idleRecheckMs, signal);
    try {
      // Access is checked again every 15 s rather than on every change, which wakes every follower.
      if (Date.now() - checkedAt >= idleRecheckMs) {
        ({ staff } = await streamStep(services.session.requireSession(ctx.db, ctx.actor, sessionId, "view")));
        checkedAt = Date.now();
      }
      const view = services.hands.viewOf(sessionId, ctx.actor, staff, await services.hands.openHands(ctx.db, sessionId));
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
