import { useEffect, useRef, useState } from "react";
import type { CollabConnection } from "../collab/connection.ts";
import { typingWindowMs } from "../collab/presence.ts";
import { type StudentSummary, summarize } from "./studentSummary.ts";

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
 * Live summaries of every watched student: recomputed (at most every 250 ms) when a document or
 * its presence changes, and every second so "typing" expires.
 */
export function useStudentSummaries(students: readonly WatchedStudent[], conns: ReadonlyMap<string, CollabConnection>) {
  const [summaries, setSummaries] = useState<ReadonlyMap<string, LiveSummary>>(new Map());
  // Edits seen live, kept across roster refreshes (the roster's lastEditAt may lag behind them).
  const editsRef = useRef(new Map<string, Date>());
  // When each student's typingAt last changed, by this browser's clock: "typing now" must not
  // depend on the student's clock being right (3 s is a small window next to a skewed clock).
  const stampsRef = useRef(new Map<string, { typingAt: number; seenAt: number }>());
  useEffect(() => {
    const edits = editsRef.current;
    const stamps = stampsRef.current;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const compute = () => {
      timer = null;
      const now = Date.now();
      const next = new Map<string, LiveSummary>();
      for (const s of students) {
        const conn = conns.get(s.documentName);
        if (!conn) continue;
        const live = edits.get(s.userId);
        const lastEditAt = live && (!s.lastEditAt || live > s.lastEditAt) ? live : s.lastEditAt;
        const summary = summarize(conn, s.userId, now);
        const stamp = stamps.get(s.userId);
        if (summary.typingAt !== null && stamp?.typingAt !== summary.typingAt) {
          // First sight: trust their clock (a stamp from long ago is not typing); later: when it arrived.
          stamps.set(s.userId, { typingAt: summary.typingAt, seenAt: stamp ? now : Math.min(now, summary.typingAt) });
        }
        const seenAt = stamps.get(s.userId)?.seenAt;
        const typing = summary.typingAt !== null && seenAt !== undefined && now - seenAt < typingWindowMs;
        next.set(s.userId, { ...summary, typing, lastEditAt });
      }
      setSummaries(next);
    };
    const schedule = () => {
      timer ??= setTimeout(compute, 250);
    };
    const cleanups: (() => void)[] = [];
    for (const s of students) {
      const conn = conns.get(s.documentName);
      if (!conn) continue;
      // A remote update after the first sync is an edit now (the first sync only loads what is stored).
      const onUpdate = (_update: Uint8Array, origin: unknown) => {
        if (origin === conn.provider && conn.provider.isSynced) edits.set(s.userId, new Date());
        schedule();
      };
      conn.doc.on("update", onUpdate);
      conn.awareness?.on("change", schedule);
      const unsubscribe = conn.subscribe(schedule);
      cleanups.push(() => {
        conn.doc.off("update", onUpdate);
        conn.awareness?.off("change", schedule);
        unsubscribe();
      });
    }
    compute();
    const tick = setInterval(compute, 1_000);
    return () => {
      clearInterval(tick);
      if (timer) clearTimeout(timer);
      for (const c of cleanups) c();
    };
  }, [students, conns]);
  return summaries;
}
