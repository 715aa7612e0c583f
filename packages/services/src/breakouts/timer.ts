import { type DbOrTx, sessionBreakouts } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { eq, sql } from "drizzle-orm";
import type { LiveKitConfig } from "../live/config.ts";
import { deleteRooms } from "../live/room.ts";
import { roundRooms } from "../live/session-rooms.ts";
import { closeExpired } from "./current.ts";

const timerKey = (breakoutId: string) => `breakout-timer:${breakoutId}`;

/**
 * Queues (or moves, or with no end removes) the round's timer job, in the caller's transaction:
 * it runs when the round ends, so the groups' video rooms close on time even when nobody is
 * looking at the session then (a read closes the round itself; only the job deletes the rooms).
 */
export async function scheduleTimer(tx: DbOrTx, breakoutId: string, endsAt: Date | null): Promise<void> {
  if (endsAt) await addJob(tx, "breakout_timer", { breakoutId }, { runAt: endsAt, jobKey: timerKey(breakoutId), maxAttempts: 5 });
  else await tx.execute(sql`select graphile_worker.remove_job(${timerKey(breakoutId)})`);
}

/**
 * The timer's job: closes the round if its end has passed and it is still open, then, when the
 * timer (not staff, whose recall deletes them itself) closed it, deletes its groups' rooms, which
 * disconnects whoever is still in them. A timer moved later meanwhile has its own job: this one
 * then does nothing. Returns the rooms deleted.
 */
export async function timerRanOut(db: DbOrTx, livekit: LiveKitConfig | null, breakoutId: string): Promise<string[]> {
  const [round] = await db.select().from(sessionBreakouts).where(eq(sessionBreakouts.id, breakoutId)).limit(1);
  if (!round) return [];
  // Closed before (by a read, when closedBy is null), or by this job now: a session has one open
  // round, so closeExpired closing one closed this one. If staff recalled it meanwhile, there is
  // nothing left to close (their recall deletes the rooms).
  const closedByTimer = round.closedAt !== null ? round.closedBy === null : await closeExpired(db, round.sessionId);
  if (!closedByTimer || !livekit) return [];
  const rooms = await roundRooms(db, round.sessionId, breakoutId);
  await deleteRooms(livekit, rooms);
  return rooms;
}
