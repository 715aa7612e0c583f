import { type DbOrTx, runs } from "@codeclass/db";
import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { activeRuns } from "./active.ts";

/** Where a queued run stands: how many runs are ahead of it, and when it should start. */
export interface QueuePlace {
  /** Queued runs ahead of it (0: it is next). */
  position: number;
  /** About how long until a worker takes it, ms (rounded up to whole seconds). */
  etaMs: number;
}

/** Assumed duration when no run finished recently, ms. */
export const defaultRunMs = 2000;
/** The recent runs whose durations make the estimate. */
const recentRuns = 50;

/**
 * Every queued run's place, from one statement: the active runs in the order the worker takes
 * them (graphile-worker takes run_code jobs first in, first out: the order runs were queued), how
 * long the running ones have run, and the mean duration of recent runs. While runs wait, every
 * worker slot is busy, so the running count is the number of slots (it needs no configuration and
 * counts every worker process).
 */
export async function queuePositions(db: DbOrTx): Promise<Map<string, QueuePlace>> {
  const recent = db
    .select({ ms: sql<number>`extract(epoch from ${runs.finishedAt} - ${runs.startedAt}) * 1000`.as("ms") })
    .from(runs)
    .where(and(eq(runs.status, "finished"), isNotNull(runs.startedAt), gt(runs.finishedAt, sql`now() - interval '1 hour'`)))
    .orderBy(desc(runs.finishedAt))
    .limit(recentRuns)
    .as("recent");
  const rows = await db
    .select({
      id: runs.id,
      status: runs.status,
      elapsedMs: sql<number>`coalesce(extract(epoch from now() - ${runs.startedAt}) * 1000, 0)`.mapWith(Number),
      meanMs: sql<number | null>`(${db.select({ mean: sql`avg(${recent.ms})` }).from(recent)})`.mapWith((v) =>
        v === null ? null : Number(v),
      ),
    })
    .from(runs)
    .where(activeRuns)
    .orderBy(runs.createdAt, runs.id);
  return placeInQueue(
    rows.filter((r) => r.status === "queued").map((r) => r.id),
    rows.filter((r) => r.status === "running").map((r) => r.elapsedMs),
    rows[0]?.meanMs ?? defaultRunMs,
  );
}

/**
 * Lays the queue out over the slots: each slot frees when its run's expected time is up (never
 * before now), and each queued run in turn takes the slot that frees first.
 */
export function placeInQueue(queued: string[], runningElapsedMs: number[], meanMs: number): Map<string, QueuePlace> {
  const mean = Math.max(100, meanMs);
  const frees = runningElapsedMs.map((elapsed) => Math.max(0, mean - elapsed));
  if (frees.length === 0) frees.push(0);
  const places = new Map<string, QueuePlace>();
  queued.forEach((id, position) => {
    let soonest = 0;
    for (let i = 1; i < frees.length; i++) if (frees[i]! < frees[soonest]!) soonest = i;
    const startsIn = frees[soonest]!;
    places.set(id, { position, etaMs: Math.ceil(startsIn / 1000) * 1000 });
    frees[soonest] = startsIn + mean;
  });
  return places;
}
