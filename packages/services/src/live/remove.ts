import type { Database } from "@codeclass/db";
import { liveRemoveInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import type { LiveKitConfig } from "./config.ts";
import { moderate, userIdOfIdentity } from "./moderate.ts";
import { roomService, unlessMissing } from "./room.ts";

/**
 * Staff disconnect a participant from whichever of the session's rooms they are in, the main room
 * or a breakout group's (they may join again while the session is live, as any member may).
 */
export async function remove(db: Database, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof liveRemoveInput>) {
  const { sessionId, identity } = liveRemoveInput.parse(raw);
  return moderate(db, config, actor, sessionId, "live.remove", { identity, userId: userIdOfIdentity(identity) }, async (video, rooms) => {
    for (const room of rooms) await unlessMissing(roomService(video).removeParticipant(room, identity), undefined);
    return { identity };
  });
}
