import { type Database, session, user } from "@codeclass/db";
import { type AdminDisableInput, adminDisableInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { adminUser, keepAnAdmin, lockUser, notYourself, requireAdmin } from "./require-admin.ts";

/**
 * Disables an account (better-auth's ban: no new session can be made) and deletes its sessions
 * at once: the next API call is refused, and the collaboration server closes its open sockets at
 * its next session re-check (packages/collab session-watch, every 5 s). Never oneself, never the
 * last enabled administrator.
 */
export async function disable(db: Database, actor: Actor, raw: AdminDisableInput) {
  requireAdmin(actor);
  const input = adminDisableInput.parse(raw);
  notYourself(actor, input.userId, "disable");
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, input.userId);
    await keepAnAdmin(tx, before, "disable");
    const [after] = await tx
      .update(user)
      .set({ banned: true, banReason: input.reason || "Disabled by an administrator", banExpires: null, updatedAt: new Date() })
      .where(eq(user.id, input.userId))
      .returning();
    const ended = await tx.delete(session).where(eq(session.userId, input.userId)).returning({ id: session.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.disable",
      targetType: "user",
      targetId: input.userId,
      data: { reason: input.reason ?? null, sessionsEnded: ended.length },
    });
    return adminUser(after!);
  });
}
