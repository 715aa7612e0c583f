import { breakoutBroadcasts, type Database } from "@codeclass/db";
import { breakoutBroadcastInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireSession } from "../session/require-session.ts";
import { requireOpenBreakout } from "./current.ts";
import { type BreakoutsState, readState } from "./state.ts";

/** Staff send a message to every group of the open round; it is stored and shown in each group's view. */
export async function broadcast(db: Database, actor: Actor, raw: z.input<typeof breakoutBroadcastInput>): Promise<BreakoutsState> {
  const input = breakoutBroadcastInput.parse(raw);
  return db.transaction(async (tx) => {
    await requireSession(tx, actor, input.sessionId, "staff");
    const round = await requireOpenBreakout(tx, input.sessionId);
    await tx
      .insert(breakoutBroadcasts)
      .values({ breakoutId: round.id, authorId: actor.id, body: input.body, createdAt: sql`clock_timestamp()` });
    await notifyFloor(tx, { sessionId: input.sessionId, kind: "breakouts" });
    return readState(tx, input.sessionId, actor, true);
  });
}
