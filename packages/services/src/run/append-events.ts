import { type DbOrTx, runEvents } from "@codeclass/db";
import { type SQL, sql } from "drizzle-orm";
import { runEventsChannel } from "./channels.ts";
import type { StoredRunEvent } from "./events.ts";

/** One event with its number in the run (consecutive from 1). */
export interface NumberedEvent {
  seq: number;
  data: StoredRunEvent;
}

/** The INSERT of a batch of events, for a statement that also NOTIFYs (and, at the end, finishes the run). */
export function insertEvents(db: DbOrTx, runId: string, events: NumberedEvent[]) {
  return db.insert(runEvents).values(events.map((e) => ({ runId, seq: e.seq, type: e.data.type, data: e.data })));
}

/** `with <ctes> select pg_notify(...)`: one statement, so one transaction, and its NOTIFY goes out at commit. */
export function withNotify(ctes: [string, SQL | { getSQL(): SQL }][], runId: string): SQL {
  const withs = sql.join(
    // drizzle puts an embedded query in parentheses itself.
    ctes.map(([name, query]) => sql`${sql.identifier(name)} as ${query}`),
    sql`, `,
  );
  return sql`with ${withs} select pg_notify(${runEventsChannel}, ${runId})`;
}

/**
 * Appends events and wakes the run's subscribers, in one statement (one round trip): whoever the
 * NOTIFY wakes finds the events.
 */
export async function appendEvents(db: DbOrTx, runId: string, events: NumberedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(withNotify([["ev", insertEvents(db, runId, events)]], runId));
}
