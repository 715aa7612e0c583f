import type { DbOrTx } from "@codeclass/db";
import { liveJoinInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { type LiveKitConfig, requireVideo } from "./config.ts";
import { mintToken, newIdentity } from "./token.ts";

/**
 * A LiveKit token for a member of a live session, under a new identity for this connection: for
 * the main room, or with `groupId` for a breakout group's room.
 */
export async function join(db: DbOrTx, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof liveJoinInput>) {
  const { sessionId, groupId } = liveJoinInput.parse(raw);
  const video = requireVideo(config);
  return mintToken(db, video, actor, sessionId, newIdentity(actor.id), groupId);
}
