import type { Database } from "@codeclass/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { forbidden } from "../errors.ts";

/** The caller's better-auth session, as far as stopping an impersonation needs it. */
export interface CallerSession {
  id: string;
  /** The administrator behind an impersonation session; null on a person's own session. */
  impersonatedBy: string | null;
}

export interface StopImpersonatingDeps {
  /**
   * Ends the impersonation session and signs the browser back in as the administrator
   * (better-auth's stopImpersonating, from the admin session it kept aside); answers with the admin's id.
   */
  stop: () => Promise<{ adminId: string }>;
}

/**
 * Ends an impersonation, called by the impersonation session itself (its actor is the impersonated
 * user, whatever their role). The audit entry names the administrator as the actor, as
 * `user.impersonate` does. Any other session is refused: there is nothing to stop.
 */
export async function stopImpersonating(db: Database, actor: Actor, session: CallerSession | null, deps: StopImpersonatingDeps) {
  const impersonatedBy = session?.impersonatedBy;
  if (!session || !impersonatedBy) throw forbidden("this session is not impersonating anyone: only an impersonation can be stopped");
  return db.transaction(async (tx) => {
    await recordAudit(tx, {
      actorId: impersonatedBy,
      action: "user.stopImpersonating",
      targetType: "user",
      targetId: actor.id,
      data: { sessionId: session.id },
    });
    // Last: when better-auth cannot restore the admin's session, the audit row is rolled back with it.
    const back = await deps.stop();
    return { userId: actor.id, adminId: back.adminId };
  });
}
