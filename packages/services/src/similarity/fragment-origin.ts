import { type DbOrTx, workspaces, workspaceUpdates } from "@codeclass/db";
import { getFiles } from "@codeclass/workspace-doc";
import { and, asc, eq, gt } from "drizzle-orm";
import * as Y from "yjs";
import { largeUpdateChars } from "../workspace/history.ts";
import type { FileRange } from "./compare-submissions.ts";

/** The logged update that first put a line of code in the workspace. */
export interface LineOrigin {
  updateId: number;
  at: Date;
  /** "edit", "sync" (brought by a reconnecting client), "template" or "sent" (staff's "send to students"). */
  source: string;
  insertedChars: number;
  /** Written by the workspace's owner (not staff, not the template). */
  byOwner: boolean;
}

/**
 * A workspace's log replayed up to `after`: its document then and each line's first moment. The
 * log only grows, so a later request replays only what came after (an instructor going back to
 * the similarity tab, another threshold). Kept for the `keptReplays` workspaces used last.
 */
interface Replayed {
  after: number;
  state: Uint8Array;
  origins: Map<string, LineOrigin>;
}
const replayed = new Map<string, Replayed>();
const keptReplays = 200;
/**
 * Updates younger than this are replayed but never kept: a row's id is taken when its insert
 * begins, so one committed a moment later may carry a smaller id than rows already read.
 */
const settledMs = 60_000;

/**
 * When each line of code (trimmed; blank lines left out) first appeared in a workspace, any file:
 * the update log replayed from the start (or from where the last replay of it stopped), one page
 * at a time. Lines are matched by their text, so a renamed file or a reindented line keeps its
 * first moment.
 */
export async function lineOrigins(db: DbOrTx, workspaceId: string): Promise<Map<string, LineOrigin>> {
  const [w] = await db.select({ ownerId: workspaces.ownerId }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!w) {
    replayed.delete(workspaceId);
    return new Map();
  }
  const kept = replayed.get(workspaceId);
  const origins = new Map(kept?.origins);
  const doc = new Y.Doc();
  if (kept) Y.applyUpdate(doc, kept.state);
  const files = getFiles(doc);
  // Files changed by the update being applied (only those are read again).
  const changed = new Set<Y.Text>();
  files.observeDeep((events) => {
    for (const e of events) {
      if (e.target instanceof Y.Text) changed.add(e.target);
      else if (e instanceof Y.YMapEvent)
        for (const key of e.keysChanged) if (files.get(key) instanceof Y.Text) changed.add(files.get(key)!);
    }
  });
  let after = kept?.after ?? 0;
  // What is kept for next time: the replay up to the last settled row.
  let keep: Replayed | null = null;
  const settledBefore = Date.now() - settledMs;
  try {
    for (;;) {
      const rows = await db
        .select({
          id: workspaceUpdates.id,
          at: workspaceUpdates.at,
          authorId: workspaceUpdates.authorId,
          source: workspaceUpdates.source,
          insertedChars: workspaceUpdates.insertedChars,
          update: workspaceUpdates.update,
        })
        .from(workspaceUpdates)
        .where(and(eq(workspaceUpdates.workspaceId, workspaceId), gt(workspaceUpdates.id, after)))
        .orderBy(asc(workspaceUpdates.id))
        .limit(1000);
      for (const r of rows) {
        if (!keep && r.at.getTime() > settledBefore) keep = { after, state: Y.encodeStateAsUpdate(doc), origins: new Map(origins) };
        after = r.id;
        changed.clear();
        try {
          Y.applyUpdate(doc, r.update);
        } catch {
          continue; // as loadWorkspaceDoc: a row that cannot be applied is skipped
        }
        for (const text of changed) {
          for (const raw of text.toString().split("\n")) {
            const line = raw.trim();
            if (line && !origins.has(line))
              origins.set(line, {
                updateId: r.id,
                at: r.at,
                source: r.source,
                insertedChars: r.insertedChars,
                byOwner: w.ownerId !== null && r.authorId === w.ownerId,
              });
          }
        }
      }
      if (rows.length < 1000) break;
    }
    keep ??= { after, state: Y.encodeStateAsUpdate(doc), origins: new Map(origins) };
    replayed.delete(workspaceId);
    replayed.set(workspaceId, keep);
    for (const oldest of replayed.keys()) {
      if (replayed.size <= keptReplays) break;
      replayed.delete(oldest);
    }
  } finally {
    doc.destroy();
  }
  return origins;
}

/** How a matched fragment came to be in one student's code, from the edit log. */
export interface FragmentOrigin {
  /** When its last line first appeared: from then on the whole fragment had been written. */
  completeAt: Date;
  /** When its first line appeared (lines of three characters or fewer, such as `}`, left out when others exist). */
  startedAt: Date;
  /** Logged updates its lines came from: 1 means it arrived at once. */
  updates: number;
  /** The largest share of its lines one update brought, 0..1. */
  largestShare: number;
  /** That update, when it inserted at least `largeUpdateChars` at once (a paste, as history flags it). */
  paste: { at: Date; chars: number; source: string; byOwner: boolean } | null;
  /** Lines written by someone other than the owner (staff, the template, "send to students"). */
  notByOwner: number;
}

/** A submission's files as lines, by path: split once, read by every fragment of every pair. */
export function linesByPath(files: { path: string; content: string }[]): Map<string, string[]> {
  return new Map(files.map((f) => [f.path, f.content.split("\n")]));
}

/**
 * The origin of one side of a fragment: its lines in the submitted files (`linesByPath`), looked
 * up in the workspace's line origins. null when none of its lines is in the log (the workspace
 * was changed outside it, or the submission has none).
 */
export function fragmentOrigin(
  ranges: FileRange[],
  fileLines: Map<string, string[]>,
  origins: Map<string, LineOrigin>,
): FragmentOrigin | null {
  const lines: string[] = [];
  for (const r of ranges) {
    const all = fileLines.get(r.path);
    if (!all) continue;
    for (let n = r.startLine; n <= r.endLine && n <= all.length; n++) {
      const line = all[n - 1]!.trim();
      if (line) lines.push(line);
    }
  }
  const found = lines.map((l) => origins.get(l)).filter((o): o is LineOrigin => o !== undefined);
  if (found.length === 0) return null;
  const telling = lines.filter((l) => l.length > 3 && origins.has(l)).map((l) => origins.get(l)!);
  const timed = telling.length ? telling : found;
  const byUpdate = new Map<number, { origin: LineOrigin; lines: number }>();
  for (const o of found) byUpdate.set(o.updateId, { origin: o, lines: (byUpdate.get(o.updateId)?.lines ?? 0) + 1 });
  const largest = [...byUpdate.values()].sort((a, b) => b.lines - a.lines || a.origin.updateId - b.origin.updateId)[0]!;
  const at = (o: LineOrigin) => o.at.getTime();
  return {
    completeAt: new Date(Math.max(...found.map(at))),
    startedAt: new Date(Math.min(...timed.map(at))),
    updates: byUpdate.size,
    largestShare: Math.round((largest.lines / found.length) * 100) / 100,
    paste:
      largest.origin.insertedChars >= largeUpdateChars
        ? {
            at: largest.origin.at,
            chars: largest.origin.insertedChars,
            source: largest.origin.source,
            byOwner: largest.origin.byOwner,
          }
        : null,
    notByOwner: found.filter((o) => !o.byOwner).length,
  };
}
