import { type Database, user } from "@codeclass/db";
import { type AdminUserRef, adminUserRef } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { adminUser, lockUser, requireAdmin } from "./require-admin.ts";

/** Enables a disabled account: it may sign in again (its old sessions stay ended). */
export async function enable(db: Database, actor: Actor, raw: AdminUserRef) {
  requireAdmin(actor);
  const input = adminUserRef.parse(raw);
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, input.userId);
    if (!before.banned) return adminUser(before);
    const [after] = await tx
      .update(user)
      .set({ banned: false, banReason: null, banExpires: null, updatedAt: new Date() })
      .where(eq(user.id, input.userId))
      .returning();
    await recordAudit(tx, { actorId: actor.id, action: "user.enable", targetType: "user", targetId: input.userId });
    return adminUser(after!);
  });
}
