import { type Database, user } from "@codeclass/db";
import { type AdminSetRoleInput, adminSetRoleInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { adminUser, keepAnAdmin, lockUser, requireAdmin } from "./require-admin.ts";

/** Sets an account's global role; the last enabled administrator cannot be demoted. */
export async function setRole(db: Database, actor: Actor, raw: AdminSetRoleInput) {
  requireAdmin(actor);
  const input = adminSetRoleInput.parse(raw);
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, input.userId);
    if (before.role === input.role) return adminUser(before);
    if (input.role !== "admin") await keepAnAdmin(tx, before, "demote");
    const [after] = await tx.update(user).set({ role: input.role, updatedAt: new Date() }).where(eq(user.id, input.userId)).returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.setRole",
      targetType: "user",
      targetId: input.userId,
      data: { from: before.role, to: input.role },
    });
    return adminUser(after!);
  });
}
