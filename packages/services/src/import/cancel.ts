import type { Database } from "@codeclass/db";
import { importRef } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { notifyImport } from "./channels.ts";
import { requireImporter } from "./report.ts";
import { type ImportView, readImport } from "./view.ts";

/**
 * Cancels an import that is not written yet. Checked or queued: it ends cancelled at once.
 * Committing: the job sees the request at its next progress report (or just before its
 * transaction ends) and rolls everything back, so the import ends cancelled with nothing written;
 * a commit whose transaction ended first stays committed, and the answer says so.
 */
export async function cancel(db: Database, actor: Actor | null, raw: z.input<typeof importRef>): Promise<ImportView> {
  requireImporter(actor);
  const { importId } = importRef.parse(raw);
  return db.transaction(async (tx) => {
    // The SET's expressions read the row as it was; a commit that holds the row waits us out and we re-read it.
    const rows = await tx.execute<{ status: string }>(sql`
      update imports set
        cancel_requested = true,
        status = case when status in ('previewed', 'queued') then 'cancelled'::import_status else status end,
        finished_at = case when status in ('previewed', 'queued') then now() else finished_at end,
        message = case when status in ('previewed', 'queued') then 'cancelled before it was written: nothing was written' else message end,
        version = version + 1
      where id = ${importId} and status in ('previewed', 'queued', 'committing')
      returning status`);
    if (rows.length === 0) {
      const current = await readImport(tx, importId);
      if (current.status === "cancelled") return current;
      if (current.status === "committed")
        throw conflict("the import was written before the cancel arrived; every row is in (see its result)", "importId");
      throw conflict(`the import is ${current.status}; there is nothing to cancel`, "importId");
    }
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "import.cancel",
      targetType: "import",
      targetId: importId,
      data: { while: rows[0]!.status === "cancelled" ? "waiting" : "committing" },
    });
    await notifyImport(tx, importId);
    return readImport(tx, importId);
  });
}
