import { type DbOrTx, user } from "@codeclass/db";
import { eq } from "drizzle-orm";
import type { ObjectStorage, StoredObject } from "../storage/index.ts";
import { avatarKey, avatarVersion } from "./avatar-key.ts";

/** A user's current uploaded avatar and its version, or null when they have none of ours. */
export async function readAvatar(db: DbOrTx, storage: ObjectStorage, userId: string): Promise<(StoredObject & { version: string }) | null> {
  const [row] = await db.select({ image: user.image }).from(user).where(eq(user.id, userId));
  const version = row ? avatarVersion(userId, row.image) : null;
  if (!version) return null;
  const object = await storage.get(avatarKey(userId, version));
  return object ? { ...object, version } : null;
}
