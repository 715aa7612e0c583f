import * as Y from "yjs";

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
