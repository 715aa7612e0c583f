import { type DbOrTx, imports } from "@codeclass/db";
import { importDownloadInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";
import { byId } from "./channels.ts";
import { requireImporter } from "./report.ts";

/**
 * One of an import's files as CSV text (every cell escaped against formula injection when it was
 * written): `result`, what the commit wrote; `errors`, every problem the last check found.
 */
export async function download(
  db: DbOrTx,
  actor: Actor | null,
  raw: z.input<typeof importDownloadInput>,
): Promise<{ filename: string; csv: string }> {
  requireImporter(actor);
  const { importId, file } = importDownloadInput.parse(raw);
  const [row] = await db
    .select({ result: imports.resultCsv, errors: imports.errorReportCsv, status: imports.status })
    .from(imports)
    .where(byId(importId));
  if (!row) throw notFound("no import has this id: upload the file again", "importId");
  const csv = row[file];
  if (csv === null)
    throw notFound(
      file === "result" ? `the import is ${row.status}: a result exists once it is written` : "the import's file has no problems to report",
      "file",
    );
  return { filename: `codeclass-import-${importId.slice(0, 8)}-${file}.csv`, csv };
}
