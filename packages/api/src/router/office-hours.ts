import type { Database } from "@codeclass/db";
import * as services from "@codeclass/services";
import { courseRef, officeHoursRef, officeHoursRequestInput } from "@codeclass/validators";
import type { Context } from "../context.ts";
import { protectedProcedure, router, streamStep } from "../trpc.ts";

/** Office hours as the caller sees them (re-exported for the web app's types). */
export type OfficeHoursState = services.officeHours.OfficeHoursState;

/** How often a queue stream re-reads (and re-checks access) without a NOTIFY, ms. */
const idleRecheckMs = 15_000;

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
    return followQueue(ctx, input.courseId, first, signal);
  }),
});

async function* followQueue(
  ctx: Context & { actor: services.Actor },
  courseId: string,
  first: OfficeHoursState,
  signal: AbortSignal | undefined,
): AsyncGenerator<OfficeHoursState> {
  const hub = officeHoursHub(ctx.db);
  let last = JSON.stringify(first);
  let staff = first.staff;
  let checkedAt = Date.now();
  yield first;
  for (;;) {
    // Register for the wake-up before reading, so no change is missed.
    const wake = hub.waitFor(courseId, idleRecheckMs, signal);
    try {
      if (Date.now() - checkedAt >= idleRecheckMs) {
        staff = (await streamStep(services.requireCourse(ctx.db, ctx.actor, courseId, "view"))).canSeeRoster;
        checkedAt = Date.now();
      }
      const view = await streamStep(services.officeHours.stateOf(ctx.db, ctx.actor, courseId, staff));
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
