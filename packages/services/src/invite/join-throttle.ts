import { type DbOrTx, joinFailures } from "@codeclass/db";
import { eq, lt, sql } from "drizzle-orm";
import { busy } from "../errors.ts";

/** Wrong codes or tokens a user may try within the window before joining is refused until it ends. */
export const joinThrottle = { maxFailures: 10, windowSeconds: 15 * 60 };

const expired = sql`${joinFailures.windowStartedAt} <= now() - make_interval(secs => ${joinThrottle.windowSeconds})`;

/**
 * Counts one attempt up front, in one statement (so parallel guesses cannot all pass the check
 * before the first failure is written), and refuses once the budget is spent. An attempt that
 * finds a code or link is given back with `refundJoinAttempt`; a success never clears the
 * count (a known code would otherwise let guessing go on between wrong tries).
 */
export async function chargeJoinAttempt(db: DbOrTx, userId: string): Promise<void> {
  const [row] = await db
    .insert(joinFailures)
    .values({ userId, failures: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: joinFailures.userId,
      set: {
        failures: sql`case when ${expired} then 1 else ${joinFailures.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${joinFailures.windowStartedAt} end`,
      },
    })
    .returning({ failures: joinFailures.failures, windowStartedAt: joinFailures.windowStartedAt });
  if (row!.failures > joinThrottle.maxFailures) {
    const left = row!.windowStartedAt.getTime() + joinThrottle.windowSeconds * 1000 - Date.now();
    const minutes = Math.max(1, Math.ceil(left / 60_000));
    throw busy(`Too many wrong join codes or links: try again in ${minutes === 1 ? "1 minute" : `${minutes} minutes`}`);
  }
  await sweep(db);
}

export async function refundJoinAttempt(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(joinFailures)
    .set({ failures: sql`greatest(${joinFailures.failures} - 1, 0)` })
    .where(eq(joinFailures.userId, userId));
}

let lastSweep = 0;
/** Drops windows long past, at most once a minute per process. */
async function sweep(db: DbOrTx) {
  if (Date.now() - lastSweep < 60_000) return;
  lastSweep = Date.now();
  await db.delete(joinFailures).where(lt(joinFailures.windowStartedAt, sql`now() - make_interval(secs => ${joinThrottle.windowSeconds})`));
}
