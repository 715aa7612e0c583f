import { type DbOrTx, sessionPolls } from "@codeclass/db";
import { sql } from "drizzle-orm";

/**
 * Closes the session's open polls as it ends, at `at`, each with a change number of its own. Call
 * it in the transaction that ends the session, holding the session's poll lock (markEnded takes
 * it first), so an answer checked before the end but written after it finds its poll closed and is
 * not stored (answer.ts). Returns how many closed.
 */
export async function closeSessionPolls(tx: DbOrTx, sessionId: string, at: Date): Promise<number> {
  const closed = await tx.execute(sql`
    with open as (
      select id, nextval('session_poll_seq') as seq from ${sessionPolls}
      where session_id = ${sessionId} and status = 'open' for update
    )
    update ${sessionPolls} p set status = 'closed', closed_at = coalesce(p.closed_at, ${at.toISOString()}::timestamptz), seq = open.seq, state_seq = open.seq
    from open where p.id = open.id
    returning p.id`);
  return closed.length;
}
