import { useMediaQuery } from "@mantine/hooks";

/** Below this width (CSS px) the workbench shows one pane at a time (phones, small tablets). */
export const compactBelowPx = 768;

/** True on a narrow screen: one pane at a time, with tabs. */
export function useCompactLayout(): boolean {
  return useMediaQuery(`(max-width: ${compactBelowPx - 0.02}px)`, typeof window !== "undefined" && window.innerWidth < compactBelowPx, {
    getInitialValueInEffect: false,
  });
}

/** True where a real keyboard is likely (a fine pointer): only then are Ctrl shortcuts named in hints. */
export function useHasKeyboard(): boolean {
  return useMediaQuery("(pointer: fine)", true, { getInitialValueInEffect: false });
}

export const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);
