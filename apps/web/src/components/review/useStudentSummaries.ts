import { useEffect, useRef, useState } from "react";
import type { CollabConnection } from "../collab/connection.ts";
import { typingWindowMs } from "../collab/presence.ts";
import { type StudentSummary, sameSummary, summarize } from "./studentSummary.ts";

export interface WatchedStudent {
  userId: string;
  documentName: string;
  /** From the roster; replaced by the time of each edit seen live. */
  lastEditAt: Date | null;
}

export interface LiveSummary extends StudentSummary {
  lastEditAt: Date | null;
}

/**
 * Live summaries of every watched student. A student's summary (which reads their whole open file
 * for the preview) is recomputed only when their document, presence or connection changed (at
 * most every 250 ms); a one-second tick only updates "typing now". A summary that reads the same
 * stays the same object, so a memoized card does not render again.
 */
export function useStudentSummaries(students: readonly WatchedStudent[], conns: ReadonlyMap<string, CollabConnection>) {
  const [summaries, setSummaries] = useState<ReadonlyMap<string, LiveSummary>>(new Map());
  // Edits seen live, kept across roster refreshes (the roster's lastEditAt may lag behind them).
  const editsRef = useRef(new Map<string, Date>());
  // When each student's typingAt last changed, by this browser's clock: "typing now" must not
  // depend on the student's clock being right (3 s is a small window next to a skewed clock).
  const stampsRef = useRef(new Map<string, { typingAt: number; seenAt: number }>());
  // The summaries last published, to keep unchanged ones identical across roster refreshes too.
  const publishedRef = useRef<ReadonlyMap<string, LiveSummary>>(new Map());
  useEffect(() => {
    const edits = editsRef.current;
    const stamps = stampsRef.current;
    // Each student's summary as last read from their document and presence, and who changed since.
    const read = new Map<string, StudentSummary>();
    const dirty = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const typingNow = (userId: string, typingAt: number | null, now: number) => {
      const stamp = stamps.get(userId);
      if (typingAt !== null && stamp?.typingAt !== typingAt) {
        // First sight: trust their clock (a stamp from long ago is not typing); later: when it arrived.
        stamps.set(userId, { typingAt, seenAt: stamp ? now : Math.min(now, typingAt) });
      }
      const seenAt = stamps.get(userId)?.seenAt;
      return typingAt !== null && seenAt !== undefined && now - seenAt < typingWindowMs;
    };
    const publish = () => {
      timer = null;
      const now = Date.now();
      const previous = publishedRef.current;
      const next = new Map<string, LiveSummary>();
      let changed = false;
      for (const s of students) {
        const conn = conns.get(s.documentName);
        if (!conn) continue;
        let summary = read.get(s.userId);
        if (!summary || dirty.has(s.userId)) {
          summary = summarize(conn, s.userId, now);
          read.set(s.userId, summary);
        }
        const live = edits.get(s.userId);
        const lastEditAt = live && (!s.lastEditAt || live > s.lastEditAt) ? live : s.lastEditAt;
        const value: LiveSummary = { ...summary, typing: typingNow(s.userId, summary.typingAt, now), lastEditAt };
        const old = previous.get(s.userId);
        const kept = old && sameSummary(old, value) ? old : value;
        if (kept !== old) changed = true;
        next.set(s.userId, kept);
      }
      dirty.clear();
      if (changed || next.size !== previous.size) {
        publishedRef.current = next;
        setSummaries(next);
      }
    };
    const cleanups: (() => void)[] = [];
    for (const s of students) {
      const conn = conns.get(s.documentName);
      if (!conn) continue;
      const changed = () => {
        dirty.add(s.userId);
        timer ??= setTimeout(publish, 250);
      };
      // A remote update after the first sync is an edit now (the first sync only loads what is stored).
      const onUpdate = (_update: Uint8Array, origin: unknown) => {
        if (origin === conn.provider && conn.provider.isSynced) edits.set(s.userId, new Date());
        changed();
      };
      conn.doc.on("update", onUpdate);
      conn.awareness?.on("change", changed);
      const unsubscribe = conn.subscribe(changed);
      cleanups.push(() => {
        conn.doc.off("update", onUpdate);
        conn.awareness?.off("change", changed);
        unsubscribe();
      });
    }
    publish();
    // Only "typing now" can change without an event (it expires): nothing is read again.
    const tick = setInterval(() => timer === null && publish(), 1_000);
    return () => {
      clearInterval(tick);
      if (timer) clearTimeout(timer);
      for (const c of cleanups) c();
    };
  }, [students, conns]);
  return summaries;
}
