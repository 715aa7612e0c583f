import { type DbOrTx, workspaces, workspaceUpdates } from "@codeclass/db";
import { contentOf, type WorkspaceContent } from "@codeclass/workspace-doc";
import { and, asc, eq, gt } from "drizzle-orm";
import * as Y from "yjs";
import { notFound } from "../errors.ts";

/**
 * Loads a workspace's document: the snapshot, then every logged update after it (so every
 * acknowledged edit). Returns the last log row applied and the one the snapshot covers.
 */
export async function loadWorkspaceDoc(db: DbOrTx, workspaceId: string, into: Y.Doc = new Y.Doc()) {
  const [row] = await db
    .select({ state: workspaces.state, stateUpdateId: workspaces.stateUpdateId })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound(`No workspace has id ${workspaceId}`, "workspaceId");
  let lastUpdateId = row.stateUpdateId;
  if (row.state) Y.applyUpdate(into, row.state);
  for (;;) {
    const rows = await db
      .select({ id: workspaceUpdates.id, update: workspaceUpdates.update })
      .from(workspaceUpdates)
      .where(and(eq(workspaceUpdates.workspaceId, workspaceId), gt(workspaceUpdates.id, lastUpdateId)))
      .orderBy(asc(workspaceUpdates.id))
      .limit(1000);
    if (rows.length === 0) break;
    into.transact(() => {
      for (const r of rows) {
        try {
          Y.applyUpdate(into, r.update);
        } catch {
          // The server checks every update before logging it; a row that still cannot be applied
          // is skipped rather than making the whole workspace unloadable.
        }
      }
    });
    lastUpdateId = rows[rows.length - 1]!.id;
  }
  return { doc: into, lastUpdateId, snapshotUpdateId: row.stateUpdateId };
}

/** The stored workspace's files, language and entry (snapshot + log). */
export async function loadWorkspaceFiles(db: DbOrTx, workspaceId: string): Promise<WorkspaceContent> {
  const { doc } = await loadWorkspaceDoc(db, workspaceId);
  try {
    return contentOf(doc);
  } finally {
    doc.destroy();
  }
}
