import type { Database } from "@codeclass/db";
import { type AdminUserRef, adminUserRef } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { lockUser, requireAdmin } from "./require-admin.ts";

export interface SendResetLinkDeps {
  /** Mails the account a password-reset link (better-auth's requestPasswordReset). */
  requestPasswordReset: (email: string) => Promise<void>;
}

/** Mails an account a link to choose a new password (valid one hour), as "Forgot password" does. */
export async function sendResetLink(db: Database, actor: Actor, raw: AdminUserRef, deps: SendResetLinkDeps) {
  requireAdmin(actor);
  const input = adminUserRef.parse(raw);
  return db.transaction(async (tx) => {
    const target = await lockUser(tx, input.userId);
    if (target.banned) throw conflict("this account is disabled: enable it first", "userId");
    await recordAudit(tx, { actorId: actor.id, action: "user.sendResetLink", targetType: "user", targetId: target.id });
    // Last: when mailing fails the audit row is rolled back with it.
    await deps.requestPasswordReset(target.email);
    return { sentTo: target.email };
  });
}
