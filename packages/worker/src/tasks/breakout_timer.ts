import type { Database } from "@codeclass/db";
import { taskPayloads } from "@codeclass/jobs";
import { breakouts, type live } from "@codeclass/services";
import type { Task } from "graphile-worker";
import type { Logger } from "pino";

/** A breakout round's timer ran out: close the round if nobody has, delete its groups' video rooms (services/breakouts/timer.ts). */
export function breakoutTimer(deps: { db: Database; log: Logger; livekit: live.LiveKitConfig | null }): Task {
  return async (payload, helpers) => {
    const { breakoutId } = taskPayloads.breakout_timer.parse(payload);
    const rooms = await breakouts.timerRanOut(deps.db, deps.livekit, breakoutId);
    if (rooms.length > 0) deps.log.info({ breakoutId, rooms: rooms.length, jobId: helpers.job.id }, "breakout timer: group rooms deleted");
  };
}
