import * as services from "@codeclass/services";
import { reactionSendInput, sessionRef } from "@codeclass/validators";
import { sessionFloorHub, streamStep } from "../session-floor-hub.ts";
import { protectedProcedure, router } from "../trpc.ts";

/** A reaction burst (re-exported for the web app's types). */
export type Reaction = services.reactions.Reaction;

/** How often a reactions stream re-checks access while nothing happens, ms. */
const idleRecheckMs = 15_000;

export const reactionsRouter = router({
  send: protectedProcedure.input(reactionSendInput).mutation(({ ctx, input }) => services.reactions.send(ctx.db, ctx.actor, input)),
  /** Every reaction sent in the session from now on; none are kept, so a reconnect starts afresh. */
  events: protectedProcedure.input(sessionRef).subscription(async function* ({ ctx, input, signal }) {
    await services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "view");
    const hub = sessionFloorHub(ctx.db);
    await hub.ready;
    const pending: Reaction[] = [];
    let arrived: (() => void) | null = null;
    const stop = hub.on(input.sessionId, (notice) => {
      if (notice.kind !== "reaction") return;
      pending.push({ id: notice.id, emoji: notice.emoji });
      arrived?.();
    });
    try {
      let checkedAt = Date.now();
      for (;;) {
        while (pending.length > 0) yield pending.shift()!;
        const wake = hub.waitFor(input.sessionId, [], idleRecheckMs, signal);
        await Promise.race([wake.promise, new Promise<void>((resolve) => (arrived = resolve))]);
        arrived = null;
        wake.cancel();
        if (signal?.aborted) return;
        if (Date.now() - checkedAt >= idleRecheckMs) {
          checkedAt = Date.now();
          await streamStep(services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "view"));
        }
      }
    } finally {
      stop();
    }
  }),
});
