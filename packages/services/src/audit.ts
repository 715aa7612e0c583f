import { AsyncLocalStorage } from "node:async_hooks";
import { auditLog, type DbOrTx } from "@codeclass/db";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  courseId?: string | null;
  data?: Record<string, unknown>;
}

/** The admin behind the current request when they act as another user (better-auth impersonation). */
const impersonation = new AsyncLocalStorage<string>();

/**
 * Runs `f` (a request's work) as done by `impersonatedBy` acting as the signed-in user: every audit
 * row written meanwhile names them (`data.impersonatedBy`), so the log does not show the user
 * doing what an admin did. Without an impersonator, just `f()`.
 */
export function actingAs<T>(impersonatedBy: string | null | undefined, f: () => T): T {
  return impersonatedBy ? impersonation.run(impersonatedBy, f) : f();
}

/** Appends to the audit log; call inside the transaction that made the change. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const impersonatedBy = impersonation.getStore();
  const data = { ...(entry.data ?? {}), ...(impersonatedBy ? { impersonatedBy } : {}) };
  await db.insert(auditLog).values({ ...entry, courseId: entry.courseId ?? null, data });
}
