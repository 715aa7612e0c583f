import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/**
 * Serializes the changes to one session's chat until the transaction ends, so that change
 * numbers (`seq`) become visible in the order they were taken and a stream never skips one.
 */
export async function lockSessionChat(tx: DbOrTx, sessionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`session-chat:${sessionId}`}))`);
}
