import { type Database, imports } from "@codeclass/db";
import { type ImportInput, importInput } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { byId } from "./channels.ts";
import { parseImportCsv } from "./parse.ts";
import { planImport } from "./plan.ts";
import { type ImportReport, report, requireImporter, storedReport } from "./report.ts";

/**
 * Stores an uploaded file as an import and checks it at once (the dry run: fast enough for the
 * largest file to answer in the request). Writes nothing but the import's own row; the commit is
 * `start`, a job. Answers with the check's report and the import's id.
 */
export async function upload(db: Database, actor: Actor | null, raw: ImportInput): Promise<ImportReport & { importId: string }> {
  requireImporter(actor);
  const input = importInput.parse(raw);
  const [row] = await db
    .insert(imports)
    .values({ actorId: actor?.id ?? null, kindHint: input.kind ?? null, csv: input.csv, status: "previewing" })
    .returning({ id: imports.id });
  const importId = row!.id;
  try {
    const parsed = parseImportCsv(input.csv, input.kind);
    const result = report(await planImport(db, parsed, undefined), parsed.ignoredHeaders);
    await db
      .update(imports)
      .set({
        status: "previewed",
        kind: result.summary.kind,
        report: storedReport(result),
        problemCount: result.problemCount,
        errorReportCsv: result.errorReportCsv,
      })
      .where(byId(importId));
    return { importId, ...result };
  } catch (e) {
    await db
      .update(imports)
      .set({ status: "failed", message: "the file could not be checked: upload it again", finishedAt: new Date() })
      .where(byId(importId));
    throw e;
  }
}
