import { useEffect, useRef } from "react";

export interface ReviewKeys {
  next: () => void;
  previous: () => void;
  open: () => void;
  back: () => void;
  toggleFollow: () => void;
}

/** Typing into a field or the editor must not move between students. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .monaco-editor, .xterm, [role='dialog']"))
    return true;
  return false;
}

/**
 * The review panel's single-key shortcuts: J/↓ next, K/↑ previous, Enter open, Esc back, F follow.
 * Ignored while typing in a field, the editor or the terminal, and with Ctrl, Alt or Cmd held.
 */
export function useReviewKeys(keys: ReviewKeys): void {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      const k = ref.current;
      const action: Record<string, (() => void) | undefined> = {
        j: k.next,
        ArrowDown: k.next,
        k: k.previous,
        ArrowUp: k.previous,
        Enter: (event.target as HTMLElement | null)?.closest("button, a") ? undefined : k.open,
        Escape: k.back,
        f: k.toggleFollow,
      };
      const run = action[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
