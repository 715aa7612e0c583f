import type { Database } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import type { LiveKitConfig } from "../live/config.ts";
import { deleteRooms, roomName } from "../live/room.ts";
import { breakoutRooms } from "../live/session-rooms.ts";
import { lockSessionPolls } from "../polls/lock.ts";
import { markEnded } from "./mark-ended.ts";
import { publicSession } from "./public-session.ts";
import { requireSession } from "./require-session.ts";

/**
 * Staff end a session for everyone: it is marked ended (nobody can join again, its breakout
 * rounds are closed) and, when video is configured, its LiveKit room and its breakout groups'
 * rooms are deleted, which disconnects every participant, those in a group too.
 */
export async function end(db: Database, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof sessionRef>) {
  const { sessionId } = sessionRef.parse(raw);
  const { session, changed, groupRooms } = await db.transaction(async (tx) => {
    // Checked first (only staff wait on the lock); then the poll lock before the session's row (FOR
    // UPDATE), in the order markEnded and asking a poll take them.
    await requireSession(tx, actor, sessionId, "staff");
    await lockSessionPolls(tx, sessionId);
    const { session: before } = await requireSession(tx, actor, sessionId, "staff", true);
    const changed = await markEnded(tx, sessionId, new Date());
    if (changed)
      await recordAudit(tx, {
        actorId: actor.id,
        action: "session.end",
        targetType: "session",
        targetId: sessionId,
        courseId: before.courseId,
      });
    const after = await requireSession(tx, actor, sessionId, "staff");
    return { session: after.session, changed, groupRooms: changed ? await breakoutRooms(tx, sessionId) : [] };
  });
  if (config && changed) await deleteRooms(config, [roomName(sessionId), ...groupRooms]);
  return publicSession(session, true);
}
