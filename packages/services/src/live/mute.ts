import type { Database } from "@codeclass/db";
import { liveMuteInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import type { LiveKitConfig } from "./config.ts";
import { moderate, userIdOfIdentity } from "./moderate.ts";
import { roomName, roomService } from "./room.ts";

/** Staff mute (or unmute) one published track of a participant. */
export async function mute(db: Database, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof liveMuteInput>) {
  const { sessionId, identity, trackSid, muted } = liveMuteInput.parse(raw);
  return moderate(
    db,
    config,
    actor,
    sessionId,
    muted ? "live.mute" : "live.unmute",
    { identity, userId: userIdOfIdentity(identity), trackSid },
    async (video) => {
      const track = await roomService(video).mutePublishedTrack(roomName(sessionId), identity, trackSid, muted);
      return { trackSid: track?.sid ?? trackSid, muted: track?.muted ?? muted };
    },
  );
}
