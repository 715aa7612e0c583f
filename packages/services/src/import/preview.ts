import type { DbOrTx } from "@codeclass/db";
import { type ImportInput, importInput } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { parseImportCsv } from "./parse.ts";
import { planImport } from "./plan.ts";
import { type ImportReport, report, requireImporter } from "./report.ts";

/** Reads the file and says what a commit would do: counts, and every bad row by line, column and reason. Writes nothing. */
export async function preview(db: DbOrTx, actor: Actor | null, raw: ImportInput): Promise<ImportReport> {
  requireImporter(actor);
  const input = importInput.parse(raw);
  const parsed = parseImportCsv(input.csv, input.kind);
  return report(await planImport(db, parsed), parsed.ignoredHeaders);
}
