import { type Database, sessionHands } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireFloor } from "../floor/require-floor.ts";
import { type HandsState, openHands, viewOf } from "./state.ts";

/** A member raises their hand in a live session; raising it again keeps its place. */
export async function raise(db: Database, actor: Actor, raw: z.input<typeof sessionRef>): Promise<HandsState> {
  const { sessionId } = sessionRef.parse(raw);
  return db.transaction(async (tx) => {
    const { staff } = await requireFloor(tx, actor, sessionId, "live");
    const added = await tx
      .insert(sessionHands)
      .values({ sessionId, userId: actor.id, raisedAt: sql`clock_timestamp()` })
      .onConflictDoNothing({ target: [sessionHands.sessionId, sessionHands.userId], where: sql`lowered_at is null` })
      .returning({ id: sessionHands.id });
    if (added.length > 0) await notifyFloor(tx, { sessionId, kind: "hands" });
    return viewOf(sessionId, actor, staff, await openHands(tx, sessionId));
  });
}
