import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/** LISTEN/NOTIFY channel naming a session whose whiteboard access changed (the payload is its id). */
export const whiteboardChannel = "codeclass_whiteboard";

/** Tells every collaboration server that the session's whiteboard access changed; inside a transaction it goes out on commit. */
export async function notifyWhiteboard(db: DbOrTx, sessionId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${whiteboardChannel}, ${sessionId})`);
}
