import { auditLog, type DbOrTx } from "@codeclass/db";
import { type AdminAuditInput, adminAuditInput } from "@codeclass/validators";
import { count } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { auditQuery } from "./audit-query.ts";
import { requireAdmin } from "./require-admin.ts";

/** A page of the audit log, newest first: who (null: the operator CLI) did what to what, when. */
export async function listAudit(db: DbOrTx, actor: Actor, raw?: AdminAuditInput) {
  requireAdmin(actor);
  const input = adminAuditInput.parse(raw);
  const { rows, filter } = auditQuery(db, input);
  const [entries, [total]] = await Promise.all([
    rows.limit(input.pageSize).offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(auditLog).where(filter),
  ]);
  return { entries, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}
