import { type DbOrTx, imports } from "@codeclass/db";
import { eq, sql } from "drizzle-orm";

/** NOTIFY channel of a stored import's changes (status, progress); the payload is the import's id. */
export const importProgressChannel = "codeclass_import_progress";

/** Tells followers the import changed; inside a transaction it is sent when the transaction commits. */
export async function notifyImport(db: DbOrTx, importId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${importProgressChannel}, ${importId})`);
}

/** A change followers see: the version is the id of admin.importProgress's next event. */
export const bumpVersion = { version: sql`${imports.version} + 1` };

/** Where one import's row is. */
export const byId = (importId: string) => eq(imports.id, importId);
