import type { DbOrTx } from "@codeclass/db";
import { type AdminAuditCsvInput, adminAuditCsvInput } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { toCsv } from "../csv.ts";
import { auditQuery } from "./audit-query.ts";
import { requireAdmin } from "./require-admin.ts";

/** The most rows one export holds; `truncated` says when the filters matched more (narrow the dates). */
export const auditCsvMaxRows = 50_000;

type Row = Awaited<ReturnType<typeof auditQuery>["rows"]>[number];

const columns: { header: string; value: (r: Row) => unknown }[] = [
  { header: "time", value: (r) => r.createdAt },
  { header: "actor_id", value: (r) => r.actorId },
  { header: "actor_name", value: (r) => r.actorName },
  { header: "actor_email", value: (r) => r.actorEmail },
  { header: "action", value: (r) => r.action },
  { header: "target_type", value: (r) => r.targetType },
  { header: "target_id", value: (r) => r.targetId },
  { header: "course", value: (r) => r.courseCode },
  { header: "data", value: (r) => r.data },
];

/** The audit log's matching rows as a CSV file (newest first; cells escaped against formula injection). */
export async function exportAuditCsv(db: DbOrTx, actor: Actor, raw?: AdminAuditCsvInput) {
  requireAdmin(actor);
  const input = adminAuditCsvInput.parse(raw);
  const rows = await auditQuery(db, input).rows.limit(auditCsvMaxRows + 1);
  const truncated = rows.length > auditCsvMaxRows;
  const kept = truncated ? rows.slice(0, auditCsvMaxRows) : rows;
  return { filename: `audit-${new Date().toISOString().slice(0, 10)}.csv`, csv: toCsv(columns, kept), rows: kept.length, truncated };
}
