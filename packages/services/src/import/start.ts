import { type Database, imports } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { importRef } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { conflict } from "../errors.ts";
import { bumpVersion, byId, notifyImport } from "./channels.ts";
import { requireImporter } from "./report.ts";
import { type ImportView, readImport } from "./view.ts";

/** Why an import in this state cannot be started, in words an admin can act on. */
const notStartable: Record<string, string> = {
  previewing: "the file is still being checked; wait for the check",
  queued: "the import has started already",
  committing: "the import is being written already",
  committed: "the import was written already; upload the file again to import it again",
  failed: "the import failed; fix the file and upload it again",
  cancelled: "the import was cancelled; upload the file again",
};

/**
 * Queues the commit of a checked import as a job (the import_commit task), in the transaction
 * that marks it queued: the job exists if and only if the import says so. Only a file whose check
 * found no problem starts; the commit checks it again, inside its own transaction.
 */
export async function start(
  db: Database,
  actor: Actor | null,
  raw: z.input<typeof importRef>,
  options: { publicUrl: string },
): Promise<ImportView> {
  requireImporter(actor);
  const { importId } = importRef.parse(raw);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(imports)
      .set({ status: "queued", ...bumpVersion })
      .where(and(byId(importId), eq(imports.status, "previewed"), eq(imports.problemCount, 0)))
      .returning({ id: imports.id });
    if (!row) {
      const current = await readImport(tx, importId);
      if (current.status === "previewed")
        throw conflict(`the file has ${current.problemCount} problems: fix them and upload it again (nothing was written)`, "importId");
      throw conflict(notStartable[current.status] ?? `the import is ${current.status}`, "importId");
    }
    await addJob(tx, "import_commit", { importId, publicUrl: options.publicUrl }, { maxAttempts: 3, jobKey: `import:${importId}` });
    await notifyImport(tx, importId);
    return readImport(tx, importId);
  });
}
