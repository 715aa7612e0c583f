import { type DbOrTx, user } from "@codeclass/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";
import type { ObjectStorage } from "../storage/index.ts";
import { avatarKey, avatarVersion } from "./avatar-key.ts";

/** Removes the caller's avatar (an uploaded one from storage too); the initials show again. */
export async function deleteAvatar(db: DbOrTx, storage: ObjectStorage, actor: Actor): Promise<{ image: null }> {
  const [row] = await db.select({ image: user.image }).from(user).where(eq(user.id, actor.id));
  if (!row) throw notFound("Your account no longer exists");
  await db.update(user).set({ image: null, updatedAt: new Date() }).where(eq(user.id, actor.id));
  const version = avatarVersion(actor.id, row.image);
  if (version) await storage.delete(avatarKey(actor.id, version));
  return { image: null };
}
