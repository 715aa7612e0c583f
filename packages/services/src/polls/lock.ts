import { courseSessions, type DbOrTx } from "@codeclass/db";
import { type SQL, sql } from "drizzle-orm";
import { conflict } from "../errors.ts";
import type { SessionAccess } from "../session/require-session.ts";

/**
 * Serializes the changes to one session's polls until the transaction ends, so their change
 * numbers become visible in the order they were taken and a stream never skips one.
 */
export async function lockSessionPolls(tx: DbOrTx, sessionId: string): Promise<void> {
  await tx.execute(sql`select ${sessionPollsLock(sessionId)}`);
}

/**
 * Takes the session's poll lock, then reads the session's status again: an end that committed
 * while this waited (ending takes the same lock first, session/mark-ended.ts) refuses, naming `field`.
 */
export async function lockOpenSessionPolls(tx: DbOrTx, sessionId: string, field: string): Promise<void> {
  await lockSessionPolls(tx, sessionId);
  const [row] = await tx.execute<{ status: string }>(
    sql`select ${courseSessions.status} from ${courseSessions} where ${courseSessions.id} = ${sessionId}`,
  );
  if (row?.status === "ended") throw endedRefusal(field);
}

/** The call that takes the session's poll lock until the transaction ends, for use inside a statement. */
export function sessionPollsLock(sessionId: string): SQL {
  return sql`pg_advisory_xact_lock(hashtext(${`session-polls:${sessionId}`}))`;
}

/** The next change number (call it holding the session's lock). */
export async function nextPollSeq(tx: DbOrTx): Promise<number> {
  const [row] = await tx.execute<{ n: string }>(sql`select nextval('session_poll_seq') as n`);
  return Number(row!.n);
}

/** Polls are asked, closed and answered while the session is scheduled or live; afterwards they stay readable. */
export function requireSessionNotEnded(access: SessionAccess, field: string): void {
  if (access.session.status === "ended") throw endedRefusal(field);
}

const endedRefusal = (field: string) => conflict("this session has ended; its polls are kept but closed", field);
