import * as services from "@codeclass/services";
import { reactionSendInput, sessionRef } from "@codeclass/validators";
import type { Context } from "../context.ts";
import { sessionFloorHub } from "../session-floor-hub.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** A reaction burst (re-exported for the web app's types). */
export type Reaction = services.reactions.Reaction;

/** How often a reactions stream re-checks access while nothing happens, ms. */
const idleRecheckMs = 15_000;

export const reactionsRouter = router({
  send: protectedProcedure.input(reactionSendInput).mutation(({ ctx, input }) => services.reactions.send(ctx.db, ctx.actor, input)),
  /** Every reaction sent in the session from now on; none are kept, so a reconnect starts afresh. */
  events: protectedProcedure.input(sessionRef).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    await services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "view");
    await sessionFloorHub(ctx.db).ready;
    return followReactions(ctx, input.sessionId, signal);
  }),
});

async function* followReactions(ctx: Context & { actor: services.Actor }, sessionId: string, signal: AbortSignal | undefined) {
  const hub = sessionFloorHub(ctx.db);
  const pending: Reaction[] = [];
  let arrived: (() => void) | null = null;
  const stop = hub.on(sessionId, (notice) => {
    if (notice.kind !== "reaction") return;
    pending.push({ id: notice.id, emoji: notice.emoji });
    arrived?.();
  });
  try {
    let checkedAt = Date.now();
    for (;;) {
      while (pending.length > 0) yield pending.shift()!;
      const wake = hub.waitFor(sessionId, [], idleRecheckMs, signal);
      await Promise.race([wake.promise, new Promise<void>((resolve) => (arrived = resolve))]);
      arrived = null;
      wake.cancel();
      if (signal?.aborted) return;
      if (Date.now() - checkedAt >= idleRecheckMs) {
        checkedAt = Date.now();
        await streamStep(services.session.requireSession(ctx.db, ctx.actor, sessionId, "view"));
      }
    }
  } finally {
    stop();
  }
}
