import { type DbOrTx, sessionWhiteboards, whiteboardUpdates } from "@codeclass/db";
import { and, asc, eq, gt } from "drizzle-orm";
import * as Y from "yjs";

/**
 * Loads a session's whiteboard: the snapshot, then every logged update after it. Returns the last
 * log row applied, the one the snapshot covers, and the bytes loaded (for the size limit).
 */
export async function loadWhiteboardDoc(db: DbOrTx, sessionId: string, into: Y.Doc = new Y.Doc()) {
  const [row] = await db
    .select({ state: sessionWhiteboards.state, stateUpdateId: sessionWhiteboards.stateUpdateId })
    .from(sessionWhiteboards)
    .where(eq(sessionWhiteboards.sessionId, sessionId));
  const snapshotUpdateId = row?.stateUpdateId ?? 0;
  let lastUpdateId = snapshotUpdateId;
  let bytes = 0;
  if (row?.state) {
    Y.applyUpdate(into, row.state);
    bytes += row.state.byteLength;
  }
  for (;;) {
    const rows = await db
      .select({ id: whiteboardUpdates.id, update: whiteboardUpdates.update })
      .from(whiteboardUpdates)
      .where(and(eq(whiteboardUpdates.sessionId, sessionId), gt(whiteboardUpdates.id, lastUpdateId)))
      .orderBy(asc(whiteboardUpdates.id))
      .limit(1000);
    if (rows.length === 0) break;
    into.transact(() => {
      for (const r of rows) {
        try {
          Y.applyUpdate(into, r.update);
          bytes += r.update.byteLength;
        } catch {
          // checked before it was logged; one that still cannot be applied is skipped
        }
      }
    });
    lastUpdateId = rows[rows.length - 1]!.id;
  }
  return { doc: into, lastUpdateId, snapshotUpdateId, bytes };
}
