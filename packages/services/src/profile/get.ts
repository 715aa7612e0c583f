import { type DbOrTx, user } from "@codeclass/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";

const profileColumns = {
  id: user.id,
  name: user.name,
  email: user.email,
  image: user.image,
  bio: user.bio,
  role: user.role,
  twoFactorEnabled: user.twoFactorEnabled,
  createdAt: user.createdAt,
};

/** The caller's own profile. */
export async function get(db: DbOrTx, actor: Actor) {
  const [row] = await db.select(profileColumns).from(user).where(eq(user.id, actor.id));
  if (!row) throw notFound("Your account no longer exists");
  return { ...row, role: row.role as Actor["role"], twoFactorEnabled: Boolean(row.twoFactorEnabled) };
}
