import { useCallback, useEffect, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";

/**
 * Keeps this client's awareness `file` in step with the open file, and returns the callback
 * that stamps `typingAt` on local edits (at most once a second: "typing" lasts 3 s).
 */
export function useLocalPresence(awareness: Awareness | null, activePath: string | null, peerCount: number) {
  // peerCount: re-applied once the local user is published (the state is null before that).
  useEffect(() => {
    if (awareness?.getLocalState()) awareness.setLocalStateField("file", activePath);
  }, [awareness, activePath, peerCount]);

  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < 1_000 || !awareness?.getLocalState()) return;
    last.current = now;
    awareness.setLocalStateField("typingAt", now);
  }, [awareness]);
}
