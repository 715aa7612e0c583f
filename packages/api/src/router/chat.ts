import * as services from "@codeclass/services";
import { chatDeleteInput, chatEventsInput, chatHistoryInput, chatSendInput } from "@codeclass/validators";
import { followFloorChanges, type SharedFeedSpec, sessionFloorHub } from "../session-floor-hub.ts";
import { protectedProcedure, router } from "../trpc.ts";

/** A message as chat members see it (re-exported for the web app's types). */
export type ChatMessage = services.chat.ChatMessage;

/** One read per message for all of a process's followers of a session, each shown what they may see. */
export const chatFeed: SharedFeedSpec<services.chat.ChatMessage> = {
  name: "chat",
  readAll: async (db, sessionId, after) =>
    (await services.chat.readAllEvents(db, sessionId, after)).map((message) => ({ id: message.seq, item: message.id, value: message })),
  pageSize: services.chat.chatEventsPage,
  visible: (viewer, message) => services.chat.visibleTo(message, viewer.actor, viewer.staff),
};

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
    return followFloorChanges(ctx, input.sessionId, {
      staff,
      from: Number(input.lastEventId ?? 0),
      signal,
      kinds: () => ["chat"],
      read: async (viewer, after) =>
        (await services.chat.readEvents(ctx.db, viewer, input.sessionId, after)).map((message) => ({ id: message.seq, value: message })),
      pageSize: services.chat.chatEventsPage,
      shared: chatFeed,
    });
  }),
});
