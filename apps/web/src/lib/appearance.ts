/**
 * The reader's appearance settings: colour scheme (following the system unless overridden) and the
 * editor's and terminal's font sizes. One small store, persisted in localStorage and shared by
 * every component (and every tab) through `useSyncExternalStore`, so the app, Monaco and xterm
 * always change together. Mantine follows it through `appearanceColorSchemeManager`.
 *
 * Monaco and xterm are never imported here (only their types), so this module stays in the main
 * bundle without pulling them in.
 */
import type { MantineColorScheme, MantineColorSchemeManager } from "@mantine/core";
import type { ITheme } from "@xterm/xterm";
import type * as Monaco from "monaco-editor";
import { useSyncExternalStore } from "react";

export type ColorScheme = "light" | "dark";
export type ColorSchemePreference = "system" | "light" | "dark";

export interface AppearanceSettings {
  /** "system" follows `prefers-color-scheme`; "light"/"dark" override it. */
  preference: ColorSchemePreference;
  /** Monaco's font size in CSS pixels. */
  editorFontSize: number;
  /** xterm's font size in CSS pixels. */
  terminalFontSize: number;
}

/** The font sizes the appearance menu offers (and the range a stored value is clamped to). */
export const FONT_SIZE_MIN = 10;
export const FONT_SIZE_MAX = 28;
export const DEFAULT_FONT_SIZE = 14;

const STORAGE_KEY = "codeclass-appearance";
const defaults: AppearanceSettings = { preference: "system", editorFontSize: DEFAULT_FONT_SIZE, terminalFontSize: DEFAULT_FONT_SIZE };

function clampFontSize(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) return DEFAULT_FONT_SIZE;
  return Math.min(FONT_SIZE_MAX, Math.max(FONT_SIZE_MIN, Math.round(value)));
}

function isPreference(value: unknown): value is ColorSchemePreference {
  return value === "system" || value === "light" || value === "dark";
}

function parse(raw: string | null): AppearanceSettings {
  if (!raw) return defaults;
  try {
    const stored = JSON.parse(raw) as Partial<Record<keyof AppearanceSettings, unknown>>;
    return {
      preference: isPreference(stored.preference) ? stored.preference : defaults.preference,
      editorFontSize: clampFontSize(stored.editorFontSize),
      terminalFontSize: clampFontSize(stored.terminalFontSize),
    };
  } catch {
    return defaults;
  }
}

function readStorage(): AppearanceSettings {
  try {
    return parse(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    // Storage refused (private mode, disabled cookies): the defaults still work for this visit.
    return defaults;
  }
}

const darkQuery = typeof window !== "undefined" && "matchMedia" in window ? window.matchMedia("(prefers-color-scheme: dark)") : null;

interface Snapshot extends AppearanceSettings {
  /** The scheme in effect: the preference, or the system's when the preference is "system". */
  colorScheme: ColorScheme;
}

function snapshotOf(settings: AppearanceSettings): Snapshot {
  const systemDark = darkQuery?.matches ?? false;
  const colorScheme = settings.preference === "system" ? (systemDark ? "dark" : "light") : settings.preference;
  return { ...settings, colorScheme };
}

let snapshot: Snapshot = snapshotOf(typeof window === "undefined" ? defaults : readStorage());
const listeners = new Set<() => void>();

function publish(next: Snapshot) {
  if (
    next.preference === snapshot.preference &&
    next.colorScheme === snapshot.colorScheme &&
    next.editorFontSize === snapshot.editorFontSize &&
    next.terminalFontSize === snapshot.terminalFontSize
  ) {
    return;
  }
  snapshot = next;
  for (const listener of listeners) listener();
}

function update(change: Partial<AppearanceSettings>) {
  const { colorScheme: _, ...current } = snapshot;
  const next = { ...current, ...change };
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Not persisted, but still applied for this visit.
  }
  publish(snapshotOf(next));
}

// The system scheme changed, or another tab changed the settings.
darkQuery?.addEventListener("change", () => {
  const { colorScheme: _, ...current } = snapshot;
  publish(snapshotOf(current));
});
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY || event.key === null) publish(snapshotOf(readStorage()));
  });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The current settings outside React (e.g. when creating an editor). */
export function getAppearance(): Snapshot {
  return snapshot;
}

export function setColorSchemePreference(preference: ColorSchemePreference) {
  update({ preference });
}
export function setEditorFontSize(size: number) {
  update({ editorFontSize: clampFontSize(size) });
}
export function setTerminalFontSize(size: number) {
  update({ terminalFontSize: clampFontSize(size) });
}

export interface Appearance {
  /** The scheme in effect now. */
  colorScheme: ColorScheme;
  /** What the reader chose. */
  preference: ColorSchemePreference;
  setPreference: (preference: ColorSchemePreference) => void;
  editorFontSize: number;
  setEditorFontSize: (size: number) => void;
  terminalFontSize: number;
  setTerminalFontSize: (size: number) => void;
}

/** The appearance settings; every component using it re-renders when any of them changes. */
export function useAppearance(): Appearance {
  const current = useSyncExternalStore(subscribe, getAppearance, getAppearance);
  return {
    colorScheme: current.colorScheme,
    preference: current.preference,
    setPreference: setColorSchemePreference,
    editorFontSize: current.editorFontSize,
    setEditorFontSize,
    terminalFontSize: current.terminalFontSize,
    setTerminalFontSize,
  };
}

const toMantine = (preference: ColorSchemePreference): MantineColorScheme => (preference === "system" ? "auto" : preference);

/**
 * Mantine's colour scheme kept in this store (pass to MantineProvider's `colorSchemeManager`):
 * `useMantineColorScheme().setColorScheme` and the appearance menu change the same setting.
 */
export function appearanceColorSchemeManager(): MantineColorSchemeManager {
  let unsubscribe: (() => void) | null = null;
  return {
    get: () => toMantine(snapshot.preference),
    set: (value) => setColorSchemePreference(value === "auto" ? "system" : value),
    subscribe: (onUpdate) => {
      let last = snapshot.preference;
      unsubscribe = subscribe(() => {
        if (snapshot.preference === last) return;
        last = snapshot.preference;
        onUpdate(toMantine(last));
      });
    },
    unsubscribe: () => {
      unsubscribe?.();
      unsubscribe = null;
    },
    clear: () => setColorSchemePreference("system"),
  };
}

// ---- Monaco ----------------------------------------------------------------------------------

const MONACO_LIGHT = "codeclass-light";
const MONACO_DARK = "codeclass-dark";
let monacoThemesDefined = false;

/**
 * Registers the app's Monaco themes (Monaco's "vs"/"vs-dark" with the few colours that fall below
 * WCAG AA raised). Call once from the code that loads Monaco, before `monacoTheme()` is used;
 * calling again does nothing.
 */
export function defineMonacoThemes(editor: typeof Monaco.editor) {
  if (monacoThemesDefined) return;
  editor.defineTheme(MONACO_LIGHT, {
    base: "vs",
    inherit: true,
    rules: [],
    colors: {
      // Line numbers and inactive text at 4.5:1 or more on white.
      "editorLineNumber.foreground": "#5c6370",
      "editorLineNumber.activeForeground": "#1f2328",
    },
  });
  editor.defineTheme(MONACO_DARK, {
    base: "vs-dark",
    inherit: true,
    rules: [],
    colors: {
      // Monaco's #858585 line numbers are 4.5:1 exactly on #1e1e1e; a little lighter to be safe.
      "editorLineNumber.foreground": "#9da5b4",
      "editorLineNumber.activeForeground": "#e4e4e4",
    },
  });
  monacoThemesDefined = true;
}

/** The Monaco theme name for a colour scheme (Monaco's own when `defineMonacoThemes` has not run). */
export function monacoTheme(colorScheme: ColorScheme): string {
  if (!monacoThemesDefined) return colorScheme === "dark" ? "vs-dark" : "vs";
  return colorScheme === "dark" ? MONACO_DARK : MONACO_LIGHT;
}

// ---- xterm -----------------------------------------------------------------------------------

// Every colour a program may print is at least 4.5:1 on the background (ANSI black on the dark
// theme and white on the light one excepted: they are the background's own colour by design).
const xtermDark: ITheme = {
  background: "#1e1e1e",
  foreground: "#e4e4e4",
  cursor: "#e4e4e4",
  cursorAccent: "#1e1e1e",
  selectionBackground: "#264f78",
  black: "#3b4048",
  red: "#f48771",
  green: "#89d185",
  yellow: "#e5c07b",
  blue: "#6cb6ff",
  magenta: "#d2a8ff",
  cyan: "#56d4dd",
  white: "#e4e4e4",
  brightBlack: "#a0a7b4",
  brightRed: "#f48771",
  brightGreen: "#a6e3a1",
  brightYellow: "#e5c07b",
  brightBlue: "#91cbff",
  brightMagenta: "#e2c5ff",
  brightCyan: "#7ee2ea",
  brightWhite: "#ffffff",
};

const xtermLight: ITheme = {
  background: "#ffffff",
  foreground: "#1f2328",
  cursor: "#1f2328",
  cursorAccent: "#ffffff",
  selectionBackground: "#b6d7ff",
  black: "#1f2328",
  red: "#b3261e",
  green: "#116329",
  yellow: "#7d5a00",
  blue: "#0550ae",
  magenta: "#8250df",
  cyan: "#1b6f76",
  white: "#d0d7de",
  brightBlack: "#57606a",
  brightRed: "#a40e26",
  brightGreen: "#1a7f37",
  brightYellow: "#6f4e00",
  brightBlue: "#0969da",
  brightMagenta: "#6639ba",
  brightCyan: "#136061",
  brightWhite: "#f6f8fa",
};

/** The xterm theme for a colour scheme (matches the editor's background). */
export function xtermTheme(colorScheme: ColorScheme): ITheme {
  return colorScheme === "dark" ? xtermDark : xtermLight;
}
