/** One action of a workbench: listed in the command palette, and bound to its keys when it has some. */
export interface WorkbenchCommand {
  /** Stable id, e.g. "run". */
  id: string;
  /** What the palette lists, e.g. "Run the program". */
  label: string;
  /** The group the palette lists it under, e.g. "Run" or "View". */
  group?: string;
  /** Keys as words for the palette and `aria-keyshortcuts`, e.g. "Ctrl+Enter". Shown only where a keyboard exists. */
  shortcut?: string;
  /** Off for now (e.g. Stop while nothing runs): listed, dimmed, does nothing. */
  disabled?: boolean;
  /** The shortcut is Monaco's own (e.g. Ctrl+M): listed in the palette, but not bound again by the workbench. */
  shortcutInEditorOnly?: boolean;
  run: () => void;
}

/** A keyboard event's parts a shortcut is matched against. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * Whether `event` is `shortcut` ("Ctrl+Shift+P", "F1", "Ctrl+Enter"). "Ctrl" also matches ⌘ on a
 * Mac; the other modifiers must match exactly; the key is compared case-insensitively.
 */
export function matchesShortcut(shortcut: string, event: KeyPress): boolean {
  const parts = shortcut.split("+").map((p) => p.trim().toLowerCase());
  const key = parts.pop();
  if (!key) return false;
  const wantCtrl = parts.includes("ctrl");
  const wantShift = parts.includes("shift");
  const wantAlt = parts.includes("alt");
  if (wantCtrl !== (event.ctrlKey || event.metaKey) || wantShift !== event.shiftKey || wantAlt !== event.altKey) return false;
  const pressed = event.key.toLowerCase();
  return pressed === key || (key === "esc" && pressed === "escape");
}

/** The shortcut for `aria-keyshortcuts` ("Ctrl+Enter" → "Control+Enter Meta+Enter"). */
export function ariaShortcut(shortcut: string): string {
  if (!/ctrl\+/i.test(shortcut)) return shortcut;
  return `${shortcut.replace(/ctrl\+/i, "Control+")} ${shortcut.replace(/ctrl\+/i, "Meta+")}`;
}

/** The shortcut as a Mac reader expects it ("Ctrl+Shift+P" → "⌘+Shift+P"). */
export function displayShortcut(shortcut: string, mac: boolean): string {
  return mac ? shortcut.replace(/ctrl\+/i, "⌘+") : shortcut;
}

/** The palette opens with these (VS Code's keys). */
export const paletteShortcuts = ["Ctrl+Shift+P", "F1"] as const;
