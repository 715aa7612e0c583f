import { type RefObject, useEffect, useRef } from "react";
import type { RunTerminalHandle } from "./RunTerminal.tsx";
import type { RunPhase } from "./useRun.ts";

/**
 * Where the keyboard goes around a run: `focusTerminal()` after Run (so typed answers reach the
 * program, not the code), and back to the editor when the run ends while the focus is still in
 * the terminal (a reader who clicked elsewhere keeps their place).
 */
export function useRunFocus(phase: RunPhase, terminalRef: RefObject<RunTerminalHandle | null>, focusEditor: () => void) {
  const terminalBox = useRef<HTMLElement | null>(null);
  const previous = useRef(phase);
  const focusEditorRef = useRef(focusEditor);
  focusEditorRef.current = focusEditor;
  useEffect(() => {
    const was = previous.current;
    previous.current = phase;
    if (phase !== "ended" || was === "ended" || was === "idle") return;
    const active = document.activeElement;
    if (active?.closest(".xterm")) focusEditorRef.current();
  }, [phase]);
  return {
    terminalBox,
    focusTerminal: () => {
      // After the click's own focus change settles (a toolbar button, the palette closing).
      requestAnimationFrame(() => terminalRef.current?.focus());
    },
  };
}
