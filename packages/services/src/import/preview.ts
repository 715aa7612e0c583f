import type { DbOrTx } from "@codeclass/db";
import { type ImportInput, importInput } from "@codeclass/validators";
import type { Actor } from "../actor.ts";
import { parseImportCsv } from "./parse.ts";
import { type ImportScope, planImport } from "./plan.ts";
import { type ImportReport, report, requireImporter } from "./report.ts";

/** Reads the file and says what a commit would do: counts, and every bad row by line, column and reason. Writes nothing. */
export async function preview(
  db: DbOrTx,
  actor: Actor | null,
  raw: ImportInput,
  /** `scope`: an instructor's import into their own course; the caller has checked they manage it. Admins: none. */
  options: { scope?: ImportScope } = {},
): Promise<ImportReport> {
  if (!options.scope) requireImporter(actor);
  const input = importInput.parse(raw);
  const parsed = parseImportCsv(input.csv, input.kind);
  return report(await planImport(db, parsed, options.scope), parsed.ignoredHeaders);
}
