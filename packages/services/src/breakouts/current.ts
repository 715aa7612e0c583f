import { breakoutGroups, type DbOrTx, sessionBreakouts } from "@codeclass/db";
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import { conflict } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";

export type BreakoutRow = typeof sessionBreakouts.$inferSelect;
export type BreakoutGroupRow = typeof breakoutGroups.$inferSelect;

/** A round is open until staff recall everyone or its timer runs out. */
export const isOpen = (b: Pick<BreakoutRow, "closedAt" | "endsAt">, now = new Date()) =>
  b.closedAt === null && (b.endsAt === null || b.endsAt.getTime() > now.getTime());

/**
 * The timer's recall: closes the session's round whose end time has passed (at that time, by
 * nobody), and wakes the session's followers. Every read of breakouts calls it first, so a round
 * whose timer ran out is closed however it is next looked at.
 */
export async function closeExpired(db: DbOrTx, sessionId: string): Promise<boolean> {
  const closed = await db
    .update(sessionBreakouts)
    .set({ closedAt: sql`${sessionBreakouts.endsAt}` })
    .where(
      and(
        eq(sessionBreakouts.sessionId, sessionId),
        isNull(sessionBreakouts.closedAt),
        lte(sessionBreakouts.endsAt, sql`clock_timestamp()`),
      ),
    )
    .returning({ id: sessionBreakouts.id });
  if (closed.length > 0) await notifyFloor(db, { sessionId, kind: "breakouts" });
  return closed.length > 0;
}

/** The session's open round (after the timer's recall), or null; `lock` takes it for update. */
export async function openBreakout(db: DbOrTx, sessionId: string, lock = false): Promise<BreakoutRow | null> {
  await closeExpired(db, sessionId);
  const query = db
    .select()
    .from(sessionBreakouts)
    .where(and(eq(sessionBreakouts.sessionId, sessionId), isNull(sessionBreakouts.closedAt)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/** The open round, or a CONFLICT that says there is none. */
export async function requireOpenBreakout(db: DbOrTx, sessionId: string): Promise<BreakoutRow> {
  const row = await openBreakout(db, sessionId, true);
  if (!row) throw conflict("no breakout groups are open in this session: split the students into groups first", "sessionId");
  return row;
}

/** A round's groups in number order. */
export function groupsOf(db: DbOrTx, breakoutId: string): Promise<BreakoutGroupRow[]> {
  return db.select().from(breakoutGroups).where(eq(breakoutGroups.breakoutId, breakoutId)).orderBy(asc(breakoutGroups.number));
}
