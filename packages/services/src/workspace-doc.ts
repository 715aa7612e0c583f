import { courseTemplates, type DbOrTx, workspaces, workspaceUpdates } from "@codeclass/db";
import { and, asc, eq, gt } from "drizzle-orm";
import * as Y from "yjs";
import { notFound } from "./errors.ts";

type WorkspaceRow = typeof workspaces.$inferSelect;

/** A workspace's files and settings as plain values (see docs/collab.md for the Y.Doc shape). */
export interface WorkspaceContent {
  files: { path: string; content: string }[];
  language: string | null;
  entry: string | null;
}

/** Reads files/meta out of a Y.Doc (the same shape @codeclass/collab/doc writes). */
export function contentOf(doc: Y.Doc): WorkspaceContent {
  const files: WorkspaceContent["files"] = [];
  for (const [path, text] of doc.getMap<Y.Text>("files").entries())
    files.push({ path, content: text instanceof Y.Text ? text.toString() : "" });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const meta = doc.getMap<unknown>("meta");
  const language = meta.get("language");
  const entry = meta.get("entry");
  return { files, language: typeof language === "string" ? language : null, entry: typeof entry === "string" ? entry : null };
}

/** A Y.Doc state (encodeStateAsUpdate) holding this content; null for an empty workspace. */
export function stateFromContent(content: WorkspaceContent | null): Uint8Array | null {
  if (!content || (content.files.length === 0 && !content.language)) return null;
  const doc = new Y.Doc();
  doc.transact(() => {
    const files = doc.getMap<Y.Text>("files");
    for (const f of content.files) files.set(f.path, new Y.Text(f.content));
    const meta = doc.getMap<unknown>("meta");
    if (content.language) meta.set("language", content.language);
    if (content.entry && content.files.some((f) => f.path === content.entry)) meta.set("entry", content.entry);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/**
 * Creates the workspaces that do not exist yet (a concurrent creation wins quietly) and returns
 * the ones it made. Each starts from the course template, written as the first row of its edit
 * log (source "template") so its history replays from the very beginning.
 */
export async function createWorkspaces(
  db: DbOrTx,
  courseId: string,
  wanted: { ownerId: string | null; kind: "student" | "demo" }[],
): Promise<WorkspaceRow[]> {
  if (wanted.length === 0) return [];
  return db.transaction(async (tx) => {
    const made = await tx
      .insert(workspaces)
      .values(wanted.map((w) => ({ courseId, ownerId: w.ownerId, kind: w.kind })))
      .onConflictDoNothing()
      .returning();
    const [template] = await tx.select().from(courseTemplates).where(eq(courseTemplates.courseId, courseId));
    const state = template ? stateFromContent({ files: template.files, language: template.language, entry: template.entry }) : null;
    if (state && made.length > 0) {
      const insertedChars = template!.files.reduce((n, f) => n + f.content.length, 0);
      await tx.insert(workspaceUpdates).values(
        made.map((w) => ({
          workspaceId: w.id,
          authorId: template!.updatedBy,
          update: state,
          bytes: state.byteLength,
          insertedChars,
          source: "template" as const,
        })),
      );
    }
    return made;
  });
}

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
