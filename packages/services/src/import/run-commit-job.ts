import { type Database, imports, user } from "@codeclass/db";
import type { ImportKind } from "@codeclass/validators";
import { and, eq, inArray, sql } from "drizzle-orm";
import { actorFromUser } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { ServiceError } from "../errors.ts";
import { bumpVersion, byId, importProgressChannel, notifyImport } from "./channels.ts";
import { commit, recordsToWrite } from "./commit.ts";
import { resultCsv, storedReport } from "./report.ts";
import type { ImportStatus } from "./view.ts";

/** Thrown from inside the commit's transaction when the import was cancelled: everything rolls back. */
class ImportCancelled extends Error {}

/**
 * The import_commit job: commits a queued import (all or nothing, in one transaction) and
 * records how it ended. Progress goes to the import's row through another connection, so
 * followers see it while the transaction is open; a cancel seen there (or just before the
 * transaction ends) rolls everything back. Answers with the status it ended in, or null when
 * there was nothing to do (cancelled before it started, or finished by an earlier attempt).
 */
export async function runCommitJob(db: Database, importId: string, options: { publicUrl: string }): Promise<ImportStatus | null> {
  // A queued import, or one whose worker died mid-commit (its transaction rolled back) on a retry.
  const [claimed] = await db
    .update(imports)
    .set({ status: "committing", startedAt: new Date(), progressDone: 0, progressTotal: 0, ...bumpVersion })
    .where(and(byId(importId), inArray(imports.status, ["queued", "committing"]), eq(imports.cancelRequested, false)))
    .returning({ csv: imports.csv, kind: imports.kind, kindHint: imports.kindHint, actorId: imports.actorId });
  if (!claimed) {
    // A retry after a worker died while committing an import someone then cancelled: its transaction rolled back.
    const [stopped] = await db
      .update(imports)
      .set({
        status: "cancelled",
        finishedAt: new Date(),
        message: "cancelled while it was being written: nothing was written",
        ...bumpVersion,
      })
      .where(and(byId(importId), eq(imports.status, "committing"), eq(imports.cancelRequested, true)))
      .returning({ id: imports.id });
    if (stopped) await notifyImport(db, importId);
    return null;
  }
  await notifyImport(db, importId);
  const end = async (status: ImportStatus, fields: Partial<typeof imports.$inferInsert>) => {
    await db
      .update(imports)
      .set({ status, finishedAt: new Date(), ...fields, ...bumpVersion })
      .where(byId(importId));
    await notifyImport(db, importId);
    return status;
  };

  const [owner] = claimed.actorId ? await db.select({ id: user.id, role: user.role }).from(user).where(eq(user.id, claimed.actorId)) : [];
  if (!owner) return end("failed", { message: "the admin who uploaded this file no longer has an account: nothing was written" });
  const actor = actorFromUser(owner);

  const onProgress = async (done: number, total: number) => {
    const rows = await db.execute<{ cancel_requested: boolean }>(sql`
      with u as (
        update imports set progress_done = ${done}, progress_total = ${total}, version = version + 1
        where id = ${importId} returning cancel_requested
      )
      select u.cancel_requested, pg_notify(${importProgressChannel}, ${importId}) from u`);
    if (rows[0]?.cancel_requested) throw new ImportCancelled();
  };

  try {
    const outcome = await commit(
      db,
      actor,
      { csv: claimed.csv, kind: (claimed.kind ?? claimed.kindHint ?? undefined) as ImportKind | undefined },
      {
        publicUrl: options.publicUrl,
        importId,
        onProgress,
        async finish(tx, plan, result) {
          // The last word on a cancel: holding the row, a cancel arriving now waits and then finds it committed.
          const [row] = await tx.select({ cancel: imports.cancelRequested }).from(imports).where(byId(importId)).for("update");
          if (row?.cancel) throw new ImportCancelled();
          const written = recordsToWrite(plan);
          await tx
            .update(imports)
            .set({
              status: "committed",
              finishedAt: new Date(),
              report: storedReport(result),
              problemCount: 0,
              errorReportCsv: null,
              resultCsv: resultCsv(plan),
              progressDone: written,
              progressTotal: written,
              message: null,
              ...bumpVersion,
            })
            .where(byId(importId));
          await notifyImport(tx, importId);
        },
      },
    );
    if (outcome.committed) return "committed";
    // The database changed since the check (a course archived, an account made an admin...).
    await recordAudit(db, {
      actorId: actor.id,
      action: "import.fail",
      targetType: "import",
      targetId: importId,
      data: { kind: outcome.summary.kind, rows: outcome.summary.rows, problems: outcome.problemCount },
    });
    return end("failed", {
      report: storedReport(outcome),
      problemCount: outcome.problemCount,
      errorReportCsv: outcome.errorReportCsv,
      message: `the commit found ${outcome.problemCount} problems (the data changed since the check): nothing was written; download the error report, fix the file and upload it again`,
    });
  } catch (e) {
    if (e instanceof ImportCancelled) return end("cancelled", { message: "cancelled while it was being written: nothing was written" });
    const reason = e instanceof ServiceError ? e.message : "an internal error";
    await end("failed", { message: `the import failed (${reason}): nothing was written; try again` });
    if (e instanceof ServiceError) return "failed";
    throw e;
  }
}
