import * as services from "@codeclass/services";
import { chatDeleteInput, chatEventsInput, chatHistoryInput, chatSendInput } from "@codeclass/validators";
import { tracked } from "@trpc/server";
import type { Context } from "../context.ts";
import { sessionFloorHub } from "../session-floor-hub.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** A message as chat members see it (re-exported for the web app's types). */
export type ChatMessage = services.chat.ChatMessage;

/** How often a chat stream re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;

export const chatRouter = router({
  send: protectedProcedure.input(chatSendInput).mutation(({ ctx, input }) => services.chat.send(ctx.db, ctx.actor, input)),
  delete: protectedProcedure.input(chatDeleteInput).mutation(({ ctx, input }) => services.chat.delete(ctx.db, ctx.actor, input)),
  history: protectedProcedure.input(chatHistoryInput).query(({ ctx, input }) => services.chat.history(ctx.db, ctx.actor, input)),
  /**
   * Follows a session's chat: first every change after `lastEventId` (from the start when absent;
   * `chat.history`'s cursor skips what a page already shows), then each new message or deletion.
   * Each event is a message's current state, tracked by its change number, so a reconnecting
   * client resumes without gaps or duplicates. Private messages reach only their author and staff.
   */
  events: protectedProcedure.input(chatEventsInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    const { staff } = await services.session.requireSession(ctx.db, ctx.actor, input.sessionId, "view");
    await sessionFloorHub(ctx.db).ready;
    return followChat(ctx, input.sessionId, staff, Number(input.lastEventId ?? 0), signal);
  }),
});

async function* followChat(
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
    // Access (and the right to see private messages) is checked again every 15 s, not on every
    // message: a busy chat wakes every follower at once.
    if (Date.now() - checkedAt >= idleRecheckMs) {
      ({ staff } = await streamStep(services.session.requireSession(ctx.db, ctx.actor, sessionId, "view")));
      checkedAt = Date.now();
    }
    // Register for the wake-up before reading, so a message committed between the two is not lost.
    const wake = hub.waitFor(sessionId, ["chat"], idleRecheckMs, signal);
    try {
      const changes = await streamStep(services.chat.readEvents(ctx.db, { actor: ctx.actor, staff }, sessionId, after));
      for (const message of changes) {
        after = message.seq;
        yield tracked(String(message.seq), message);
      }
      if (changes.length >= services.chat.chatEventsPage) continue;
      await wake.promise;
      if (signal?.aborted) return;
    } finally {
      wake.cancel();
    }
  }
}
