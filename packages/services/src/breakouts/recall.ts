import { type Database, sessionBreakouts } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { notifyFloor } from "../floor/notify.ts";
import type { LiveKitConfig } from "../live/config.ts";
import { deleteRooms } from "../live/room.ts";
import { roundRooms } from "../live/session-rooms.ts";
import { requireSession } from "../session/require-session.ts";
import { requireOpenBreakout } from "./current.ts";
import { type BreakoutsState, readState } from "./state.ts";

/**
 * Staff recall everyone: the round is closed (its workspaces turn read-only for their members,
 * who go back to the main room's view) and, with video, the groups' rooms are deleted, which
 * disconnects whoever is still in them.
 */
export async function recall(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof sessionRef>,
): Promise<BreakoutsState> {
  const { sessionId } = sessionRef.parse(raw);
  const { state, rooms } = await db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, sessionId, "staff", true);
    const round = await requireOpenBreakout(tx, sessionId);
    await tx
      .update(sessionBreakouts)
      .set({ closedAt: sql`clock_timestamp()`, closedBy: actor.id })
      .where(eq(sessionBreakouts.id, round.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "breakout.recall",
      targetType: "session",
      targetId: sessionId,
      courseId: session.courseId,
      data: { breakoutId: round.id },
    });
    await notifyFloor(tx, { sessionId, kind: "breakouts" });
    const rooms = await roundRooms(tx, sessionId, round.id);
    return { state: await readState(tx, sessionId, actor, true), rooms };
  });
  if (config) await deleteRooms(config, rooms);
  return state;
}
