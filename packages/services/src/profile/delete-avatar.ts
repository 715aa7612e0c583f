import type { DbOrTx } from "@codeclass/db";
import type { Actor } from "../actor.ts";
import type { ObjectStorage } from "../storage/index.ts";
import { avatarKey, avatarVersion } from "./avatar-key.ts";
import { swapAvatar } from "./set-avatar.ts";

/** Removes the caller's avatar (an uploaded one from storage too); the initials show again. */
export async function deleteAvatar(db: DbOrTx, storage: ObjectStorage, actor: Actor): Promise<{ image: null }> {
  const version = avatarVersion(actor.id, await swapAvatar(db, actor.id, null));
  if (version) await storage.delete(avatarKey(actor.id, version));
  return { image: null };
}
