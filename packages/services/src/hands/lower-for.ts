import { type Database, sessionHands } from "@codeclass/db";
import { handsLowerForInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";
import { lowerWhere } from "./lower-where.ts";
import { type HandsState, openHands, viewOf } from "./state.ts";

/** Staff lower one participant's hand (after taking their question). */
export async function lowerFor(db: Database, actor: Actor, raw: z.input<typeof handsLowerForInput>): Promise<HandsState> {
  const input = handsLowerForInput.parse(raw);
  return db.transaction(async (tx) => {
    await requireSession(tx, actor, input.sessionId, "staff");
    await lowerWhere(tx, input.sessionId, actor.id, eq(sessionHands.userId, input.userId));
    return viewOf(input.sessionId, actor, true, await openHands(tx, input.sessionId));
  });
}
