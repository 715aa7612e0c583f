import { type Database, sessionHands } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";
import { lowerWhere } from "./lower-where.ts";
import { type HandsState, openHands, viewOf } from "./state.ts";

/** A member lowers their own hand (nothing happens if it is not up). */
export async function lower(db: Database, actor: Actor, raw: z.input<typeof sessionRef>): Promise<HandsState> {
  const { sessionId } = sessionRef.parse(raw);
  return db.transaction(async (tx) => {
    const { staff } = await requireSession(tx, actor, sessionId, "view");
    await lowerWhere(tx, sessionId, actor.id, eq(sessionHands.userId, actor.id));
    return viewOf(sessionId, actor, staff, await openHands(tx, sessionId));
  });
}
