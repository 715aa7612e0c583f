import { type DbOrTx, sessionHands } from "@codeclass/db";
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { notifyFloor } from "../floor/notify.ts";

/** Lowers the session's open hands that match `which` (all of them when absent), by `actorId`; returns how many. */
export async function lowerWhere(tx: DbOrTx, sessionId: string, actorId: string, which?: SQL): Promise<number> {
  const lowered = await tx
    .update(sessionHands)
    .set({ loweredAt: sql`clock_timestamp()`, loweredBy: actorId })
    .where(and(eq(sessionHands.sessionId, sessionId), isNull(sessionHands.loweredAt), which))
    .returning({ id: sessionHands.id });
  if (lowered.length > 0) await notifyFloor(tx, { sessionId, kind: "hands" });
  return lowered.length;
}
