import { type DbOrTx, imports } from "@codeclass/db";
import type { ImportKind } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import { notFound } from "../errors.ts";
import { byId } from "./channels.ts";
import type { ImportReport } from "./report.ts";

export type ImportStatus = (typeof imports.status.enumValues)[number];
/** Statuses after which nothing changes any more. */
export const finishedStatuses: readonly ImportStatus[] = ["committed", "failed", "cancelled"];

/** A stored import as an admin sees it (without the file itself or the downloads' text). */
export interface ImportView {
  importId: string;
  actorId: string | null;
  kind: ImportKind | null;
  status: ImportStatus;
  /** Asked to stop while committing: it ends cancelled (nothing written) unless the commit ended first. */
  cancelRequested: boolean;
  /** Records written of those the commit writes (known once committing). */
  progress: { done: number; total: number };
  /** Grows with every change (the id of admin.importProgress's events). */
  version: number;
  /** The last check's counts and first problems; null until checked. */
  report: Omit<ImportReport, "errorReportCsv"> | null;
  problemCount: number;
  hasErrorReport: boolean;
  hasResult: boolean;
  /** Why it failed or stopped, in words. */
  message: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Reads one import, or throws NOT_FOUND naming the field. */
export async function readImport(db: DbOrTx, importId: string): Promise<ImportView> {
  const [row] = await db
    .select({
      importId: imports.id,
      actorId: imports.actorId,
      kind: imports.kind,
      status: imports.status,
      cancelRequested: imports.cancelRequested,
      done: imports.progressDone,
      total: imports.progressTotal,
      version: imports.version,
      report: imports.report,
      problemCount: imports.problemCount,
      hasErrorReport: sql<boolean>`${imports.errorReportCsv} is not null`,
      hasResult: sql<boolean>`${imports.resultCsv} is not null`,
      message: imports.message,
      createdAt: imports.createdAt,
      startedAt: imports.startedAt,
      finishedAt: imports.finishedAt,
    })
    .from(imports)
    .where(byId(importId));
  if (!row) throw notFound("no import has this id: upload the file again", "importId");
  const { done, total, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as ImportKind | null,
    report: row.report as ImportView["report"],
    progress: { done, total },
  };
}
