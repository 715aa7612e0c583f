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
  at: Date = new Date(),
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
    at,
    update,
    bytes: update.byteLength,
    insertedChars: files.reduce((n, f) => n + f.content.length, 0),
  });
}

/**
 * Types `text` at the end of a stored workspace's file as one logged edit by `authorId` at time
 * `at` (as a keystroke batch from the editor would be logged): the file is created if missing.
 */
export async function appendToWorkspaceFile(
  db: Database,
  workspaceId: string,
  authorId: string,
  path: string,
  text: string,
  at: Date = new Date(),
): Promise<void> {
  const { doc } = await loadWorkspaceDoc(db, workspaceId);
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    const file = getFiles(doc).get(path) ?? createFile(doc, path);
    file.insert(file.length, text);
  });
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  await db.insert(workspaceUpdates).values({ workspaceId, authorId, at, update, bytes: update.byteLength, insertedChars: text.length });
}
