import { auditLog, type DbOrTx } from "@codeclass/db";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  courseId?: string | null;
  data?: Record<string, unknown>;
}

/** Appends to the audit log; call inside the transaction that made the change. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, courseId: entry.courseId ?? null, data: entry.data ?? {} });
}
