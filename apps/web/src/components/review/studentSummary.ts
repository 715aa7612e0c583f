import { getComments, getFiles, getMeta } from "@codeclass/workspace-doc";
import * as Y from "yjs";
import type { CollabConnection } from "../collab/connection.ts";
import { isTyping, type PresenceState, readPresence } from "../collab/presence.ts";
import { positionIn, readComment } from "../collab/remoteData.ts";

/** What the review panel shows of one student's live document. */
export interface StudentSummary {
  /** The student typed within the last 3 seconds. */
  typing: boolean;
  /** The student's last `typingAt` stamp (their clock), for spotting a new keystroke. */
  typingAt: number | null;
  /** The student is in the document now. */
  present: boolean;
  /** The file previewed: the one the student has open, else the entry file, else the first. */
  file: string | null;
  /** A few lines around the student's cursor (or the file's first lines), and the first one's number. */
  preview: { firstLine: number; lines: string[] } | null;
  openComments: number;
  synced: boolean;
}

const previewLines = 6;

/** What `summarize` reads of a connection. */
export type SummarySource = Pick<CollabConnection, "doc" | "awareness" | "getState">;

/** The student's own awareness state (not a staff member's who is also in the document). */
function studentState(conn: SummarySource, userId: string): PresenceState | null {
  let found: PresenceState | null = null;
  conn.awareness?.getStates().forEach((raw) => {
    const state = readPresence(raw);
    if (state.user?.id === userId && (!found || (state.typingAt ?? 0) > (found.typingAt ?? 0))) found = state;
  });
  return found;
}

/** The 1-based line of a character offset. */
function lineAt(content: string, index: number): number {
  let line = 1;
  for (let i = content.indexOf("\n"); i !== -1 && i < index; i = content.indexOf("\n", i + 1)) line++;
  return line;
}

function openComments(doc: Y.Doc): number {
  let n = 0;
  for (const [id, value] of getComments(doc).entries()) if (readComment(id, value)?.resolved === false) n++;
  return n;
}

/**
 * Reads the summary from the document and the awareness as they are now. Awareness and comments
 * come from other clients: anything malformed in them is ignored.
 */
export function summarize(conn: SummarySource, userId: string, now = Date.now()): StudentSummary {
  const { doc } = conn;
  const state = studentState(conn, userId);
  const files = getFiles(doc);
  const paths = [...files.keys()].sort();
  const entry = getMeta(doc).entry;
  const file = state?.file && files.has(state.file) ? state.file : entry && files.has(entry) ? entry : (paths[0] ?? null);
  let preview: StudentSummary["preview"] = null;
  const text = file ? files.get(file) : undefined;
  if (text instanceof Y.Text) {
    const content = text.toString();
    const all = content.split("\n");
    const head = state?.file === file ? state?.selection?.head : null;
    const index = head ? positionIn(head, doc, text) : null;
    const cursorLine = index === null ? 1 : lineAt(content, index);
    const first = Math.max(1, Math.min(cursorLine - 2, all.length - previewLines + 1));
    preview = { firstLine: first, lines: all.slice(first - 1, first - 1 + previewLines) };
  }
  return {
    typing: isTyping(state ?? undefined, now),
    typingAt: state?.typingAt ?? null,
    present: state !== null,
    file,
    preview,
    openComments: openComments(doc),
    synced: conn.getState().loaded,
  };
}

/** Whether two summaries show the same (so the card need not render again). */
export function sameSummary<T extends StudentSummary & { lastEditAt?: Date | null }>(a: T, b: T): boolean {
  return (
    a.typing === b.typing &&
    a.typingAt === b.typingAt &&
    a.present === b.present &&
    a.file === b.file &&
    a.openComments === b.openComments &&
    a.synced === b.synced &&
    (a.lastEditAt?.getTime() ?? null) === (b.lastEditAt?.getTime() ?? null) &&
    samePreview(a.preview, b.preview)
  );
}

function samePreview(a: StudentSummary["preview"], b: StudentSummary["preview"]): boolean {
  if (a === b) return true;
  if (!a || !b || a.firstLine !== b.firstLine || a.lines.length !== b.lines.length) return false;
  return a.lines.every((line, i) => line === b.lines[i]);
}
