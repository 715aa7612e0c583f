import type { DbOrTx } from "@codeclass/db";
import { liveRenewInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";
import { type LiveKitConfig, requireVideo } from "./config.ts";
import { mintToken } from "./token.ts";

/** A fresh token for a connection the caller already holds (same identity, current grants). */
export async function renew(db: DbOrTx, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof liveRenewInput>) {
  const { sessionId, identity, groupId } = liveRenewInput.parse(raw);
  const video = requireVideo(config);
  if (!identity.startsWith(`${actor.id}#`)) throw forbidden("identity: this connection is not yours; call live.join for a new one");
  return mintToken(db, video, actor, sessionId, identity, groupId);
}
