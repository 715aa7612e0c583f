import * as services from "@codeclass/services";
import { pollAnswerInput, pollCreateInput, pollEventsInput, pollListInput, pollRef } from "@codeclass/validators";
import { followFloorChanges, sessionFloorHub } from "../session-floor-hub.ts";
import { protectedProcedure, router } from "../trpc.ts";

/** A poll as the caller sees it (re-exported for the web app's types). */
export type PollView = services.polls.PollView;

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
    return followFloorChanges(ctx, input.sessionId, {
      staff,
      from: Number(input.lastEventId ?? 0),
      signal,
      kinds: (isStaff) => (isStaff ? ["polls", "poll-results"] : ["polls"]),
      read: async (viewer, after) =>
        (await services.polls.readEvents(ctx.db, viewer, input.sessionId, after)).map(({ eventId, poll }) => ({
          id: eventId,
          value: poll,
        })),
      pageSize: services.polls.pollEventsPage,
    });
  }),
});
