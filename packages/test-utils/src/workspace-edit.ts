import { type Database, workspaceUpdates } from "@codeclass/db";
import { loadWorkspaceDoc } from "@codeclass/services";
import { createFile, deleteFile, filesOf, getFiles, setLanguage } from "@codeclass/workspace-doc";
import * as Y from "yjs";

/**
 * Writes files into a stored workspace as one logged edit by `authorId` (what a Hocuspocus client's
 * acknowledged edit leaves in Postgres), so `loadWorkspaceFiles` and submissions see them.
 */
export async function editWorkspace(
  db: Database,
  workspaceId: string,
  authorId: string,
  files: { path: string; content: string }[],
  language?: string,
): Promise<void> {
  const { doc } = await loadWorkspaceDoc(db, workspaceId);
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    for (const f of filesOf(doc)) if (!files.some((n) => n.path === f.path)) deleteFile(doc, f.path);
    for (const f of files) {
      const text = getFiles(doc).get(f.path) ?? createFile(doc, f.path);
      text.delete(0, text.length);
      text.insert(0, f.content);
    }
    if (language) setLanguage(doc, language);
  });
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  await db.insert(workspaceUpdates).values({
    workspaceId,
    authorId,
    update,
    bytes: update.byteLength,
    insertedChars: files.reduce((n, f) => n + f.content.length, 0),
  });
}
