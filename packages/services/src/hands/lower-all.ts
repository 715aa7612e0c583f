import type { Database } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";
import { lowerWhere } from "./lower-where.ts";
import { type HandsState, openHands, viewOf } from "./state.ts";

/** Staff lower every hand in the session at once; returns the (empty) queue and how many were lowered. */
export async function lowerAll(db: Database, actor: Actor, raw: z.input<typeof sessionRef>): Promise<HandsState & { lowered: number }> {
  const { sessionId } = sessionRef.parse(raw);
  return db.transaction(async (tx) => {
    await requireSession(tx, actor, sessionId, "staff");
    const lowered = await lowerWhere(tx, sessionId, actor.id);
    return { ...viewOf(sessionId, actor, true, await openHands(tx, sessionId)), lowered };
  });
}
