import { type DbOrTx, user } from "@codeclass/db";
import { type ProfileUpdateInput, profileUpdateInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { get } from "./get.ts";

/** Updates the caller's name, and the bio when given (null clears it). */
export async function updateProfile(db: DbOrTx, actor: Actor, raw: ProfileUpdateInput) {
  const input = profileUpdateInput.parse(raw);
  await db
    .update(user)
    .set({ name: input.name, ...(input.bio !== undefined ? { bio: input.bio } : {}), updatedAt: new Date() })
    .where(eq(user.id, actor.id));
  return get(db, actor);
}
