import { getFiles, getMeta, listComments } from "@codeclass/collab/doc";
import * as Y from "yjs";
import type { CollabConnection } from "../collab/connection.ts";
import { isTyping, type PresenceState } from "../collab/presence.ts";

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

/** The student's own awareness state (not a staff member's who is also in the document). */
function studentState(conn: CollabConnection, userId: string): PresenceState | null {
  let found: PresenceState | null = null;
  conn.awareness?.getStates().forEach((s) => {
    const state = s as PresenceState;
    if (state.user?.id === userId && (!found || (state.typingAt ?? 0) > (found.typingAt ?? 0))) found = state;
  });
  return found;
}

/** Reads the summary from the document and the awareness as they are now. */
export function summarize(conn: CollabConnection, userId: string, now = Date.now()): StudentSummary {
  const { doc } = conn;
  const state = studentState(conn, userId);
  const files = getFiles(doc);
  const paths = [...files.keys()].sort();
  const entry = getMeta(doc).entry;
  const file = state?.file && files.has(state.file) ? state.file : entry && files.has(entry) ? entry : (paths[0] ?? null);
  let preview: StudentSummary["preview"] = null;
  const text = file ? files.get(file) : undefined;
  if (text) {
    const content = text.toString();
    const all = content.split("\n");
    let cursorLine = 1;
    const head = state?.file === file ? state?.selection?.head : null;
    if (head) {
      const abs = Y.createAbsolutePositionFromRelativePosition(head, doc);
      if (abs && abs.type === text) cursorLine = content.slice(0, abs.index).split("\n").length;
    }
    const first = Math.max(1, Math.min(cursorLine - 2, all.length - previewLines + 1));
    preview = { firstLine: first, lines: all.slice(first - 1, first - 1 + previewLines) };
  }
  return {
    typing: isTyping(state ?? undefined, now),
    typingAt: typeof state?.typingAt === "number" ? state.typingAt : null,
    present: state !== null,
    file,
    preview,
    openComments: listComments(doc).filter((c) => !c.resolved).length,
    synced: conn.getState().loaded,
  };
}
