import type { Database } from "@codeclass/db";
import { liveMuteInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import type { LiveKitConfig } from "./config.ts";
import { moderate, userIdOfIdentity } from "./moderate.ts";
import { isMissing, roomService } from "./room.ts";

/** Staff mute (or unmute) one published track of a participant, in the main room or a breakout group's. */
export async function mute(db: Database, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof liveMuteInput>) {
  const { sessionId, identity, trackSid, muted } = liveMuteInput.parse(raw);
  return moderate(
    db,
    config,
    actor,
    sessionId,
    muted ? "live.mute" : "live.unmute",
    { identity, userId: userIdOfIdentity(identity), trackSid },
    async (video, rooms) => {
      // The track is in whichever room the participant is in; in the others LiveKit does not know them.
      let missing: unknown;
      for (const room of rooms)
        try {
          const track = await roomService(video).mutePublishedTrack(room, identity, trackSid, muted);
          return { trackSid: track?.sid ?? trackSid, muted: track?.muted ?? muted };
        } catch (e) {
          if (!isMissing(e)) throw e;
          missing ??= e;
        }
      throw missing;
    },
  );
}
