import type { Database } from "@codeclass/db";
import { type AdminUserRef, adminUserRef } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict, forbidden } from "../errors.ts";
import { adminUser, lockUser, requireAdmin } from "./require-admin.ts";

export interface ImpersonateDeps {
  /**
   * Opens a session as `userId` marked `impersonatedBy` the admin (better-auth's impersonateUser,
   * which also keeps the admin's own session aside for stop-impersonating).
   */
  start: (userId: string) => Promise<{ sessionId: string; expiresAt: Date }>;
}

/**
 * Signs the admin in as another account to see what they see. The session is marked
 * (`session.impersonatedBy`, so the web shows a banner), lasts at most an hour, and is recorded
 * in the audit log. Administrators cannot be impersonated, nor disabled accounts.
 */
export async function impersonate(db: Database, actor: Actor, raw: AdminUserRef, deps: ImpersonateDeps) {
  requireAdmin(actor);
  const input = adminUserRef.parse(raw);
  return db.transaction(async (tx) => {
    const target = await lockUser(tx, input.userId);
    if (target.id === actor.id) throw conflict("you are already signed in as yourself", "userId");
    if (target.role === "admin") throw forbidden("administrators cannot be impersonated");
    if (target.banned) throw conflict("this account is disabled: enable it first", "userId");
    const started = await deps.start(target.id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.impersonate",
      targetType: "user",
      targetId: target.id,
      data: { sessionId: started.sessionId, expiresAt: new Date(started.expiresAt).toISOString() },
    });
    return { user: adminUser(target), impersonatedBy: actor.id, expiresAt: new Date(started.expiresAt) };
  });
}
