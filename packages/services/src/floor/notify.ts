import type { DbOrTx } from "@codeclass/db";
import type { ReactionEmoji } from "@codeclass/validators";
import { type SQL, sql } from "drizzle-orm";

/** LISTEN/NOTIFY channel of everything said and signalled in a session (chat, hands, reactions). */
export const sessionFloorChannel = "codeclass_session_floor";

/** What a notification on `sessionFloorChannel` says; chat and hands only wake readers, a reaction is the event itself. */
export type FloorNotice =
  | { sessionId: string; kind: "chat" | "hands" }
  /** Breakout groups were made, changed, told something or recalled (everyone follows their own view). */
  | { sessionId: string; kind: "breakouts" }
  /** A poll was asked, closed or revealed (everyone), or answered (staff follow the results). */
  | { sessionId: string; kind: "polls" | "poll-results" }
  | { sessionId: string; kind: "reaction"; emoji: ReactionEmoji; id: string };

/** Sends the notice; inside a transaction it goes out on commit. */
export async function notifyFloor(db: DbOrTx, notice: FloorNotice): Promise<void> {
  await db.execute(sql`select ${floorNotify(notice)}`);
}

/** The `pg_notify` call that sends the notice, for use inside a statement. */
export function floorNotify(notice: FloorNotice): SQL {
  return sql`pg_notify(${sessionFloorChannel}, ${JSON.stringify(notice)})`;
}

/** The notice in a payload, or null for anything else. */
export function parseFloorNotice(payload: string): FloorNotice | null {
  try {
    const value = JSON.parse(payload) as FloorNotice;
    return typeof value?.sessionId === "string" && typeof value.kind === "string" ? value : null;
  } catch {
    return null;
  }
}
