import type { DbOrTx } from "@codeclass/db";
import { importRef } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireImporter } from "./report.ts";
import { type ImportView, readImport } from "./view.ts";

/** One stored import: its status, progress, counts and first problems. */
export async function get(db: DbOrTx, actor: Actor | null, raw: z.input<typeof importRef>): Promise<ImportView> {
  requireImporter(actor);
  return readImport(db, importRef.parse(raw).importId);
}
