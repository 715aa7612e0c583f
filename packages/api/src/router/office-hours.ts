import type { Database } from "@codeclass/db";
import * as services from "@codeclass/services";
import { courseRef, officeHoursRef, officeHoursRequestInput } from "@codeclass/validators";
import { followView, idleRecheckMs, protectedProcedure, router } from "../trpc.ts";

/** Office hours as the caller sees them (re-exported for the web app's types). */
export type OfficeHoursState = services.officeHours.OfficeHoursState;

const hubs = new WeakMap<Database, services.run.NotifyHub>();

/** One LISTEN per database client on the office-hours channel, keyed by course id. */
function officeHoursHub(db: Database): services.run.NotifyHub {
  let hub = hubs.get(db);
  if (!hub) {
    hub = services.run.createNotifyHub(
      (channel, onPayload) => db.$client.listen(channel, onPayload),
      services.officeHours.officeHoursChannel,
    );
    hubs.set(db, hub);
    hub.ready.catch(() => hubs.delete(db));
  }
  return hub;
}

export const officeHoursRouter = router({
  request: protectedProcedure
    .input(officeHoursRequestInput)
    .mutation(({ ctx, input }) => services.officeHours.request(ctx.db, ctx.actor, input)),
  cancel: protectedProcedure.input(officeHoursRef).mutation(({ ctx, input }) => services.officeHours.cancel(ctx.db, ctx.actor, input)),
  accept: protectedProcedure.input(officeHoursRef).mutation(({ ctx, input }) => services.officeHours.accept(ctx.db, ctx.actor, input)),
  end: protectedProcedure
    .input(officeHoursRef)
    .mutation(({ ctx, input }) => services.officeHours.end(ctx.db, ctx.livekit, ctx.actor, input)),
  join: protectedProcedure
    .input(officeHoursRef)
    .mutation(({ ctx, input }) => services.officeHours.join(ctx.db, ctx.livekit, ctx.actor, input)),
  /** The caller's view (officeHours.events' first event) and whether this server has video for the calls. */
  queue: protectedProcedure.input(courseRef).query(async ({ ctx, input }) => ({
    ...(await services.officeHours.queue(ctx.db, ctx.actor, input)),
    videoConfigured: Boolean(ctx.livekit),
  })),
  /**
   * The caller's view of the course's office hours (officeHours.queue): at once, then after every
   * change. Each event is the whole view, so a reconnect needs nothing to resume from.
   */
  events: protectedProcedure.input(courseRef).subscription(async ({ ctx, input, signal }) => {
    // The first view is read before the stream starts, so a refusal is a proper FORBIDDEN/NOT_FOUND.
    const first = await services.officeHours.queue(ctx.db, ctx.actor, input);
    await officeHoursHub(ctx.db).ready;
    return followView({
      first,
      access: first.staff,
      recheck: async () => (await services.requireCourse(ctx.db, ctx.actor, input.courseId, "view")).canSeeRoster,
      read: (staff) => services.officeHours.stateOf(ctx.db, ctx.actor, input.courseId, staff),
      wake: () => officeHoursHub(ctx.db).waitFor(input.courseId, idleRecheckMs, signal),
      signal,
    });
  }),
});
