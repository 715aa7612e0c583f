import type { Database } from "@codeclass/db";
import { liveRemoveInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import type { LiveKitConfig } from "./config.ts";
import { moderate, userIdOfIdentity } from "./moderate.ts";
import { roomName, roomService, unlessMissing } from "./room.ts";

/** Staff disconnect a participant from the room (they may join again while the session is live). */
export async function remove(db: Database, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof liveRemoveInput>) {
  const { sessionId, identity } = liveRemoveInput.parse(raw);
  return moderate(db, config, actor, sessionId, "live.remove", { identity, userId: userIdOfIdentity(identity) }, async (video) => {
    await unlessMissing(roomService(video).removeParticipant(roomName(sessionId), identity), undefined);
    return { identity };
  });
}
