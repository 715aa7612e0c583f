/**
 * One configuration for every Monaco editor of the app (run page, workspace, demo, review), so
 * brackets close, Enter indents and Tab behaves the same everywhere. Types only: no Monaco code.
 */
import type * as Monaco from "monaco-editor";
import type { RunLanguageId } from "./files.ts";

/** The options every editor is created with (the theme and font size come from the appearance settings). */
export const sharedEditorOptions: Monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
  // Brackets and quotes close as they are typed, and typing the closing one steps over it.
  autoClosingBrackets: "languageDefined",
  autoClosingQuotes: "languageDefined",
  autoClosingOvertype: "always",
  autoSurround: "languageDefined",
  // Enter keeps the indentation, adds a level after `{` or `:` and removes one before `}`.
  autoIndent: "full",
  formatOnType: true,
  formatOnPaste: false,
  // The indentation is the language's (below), not guessed from the file: a pasted line with a
  // tab must not switch a Python file to tabs.
  detectIndentation: false,
  renderLineHighlight: "line",
  bracketPairColorization: { enabled: true },
  guides: { indentation: true, bracketPairs: false },
  // Shift+Alt+F1 (or Alt+F1) opens Monaco's own accessibility help; Ctrl+M toggles Tab moving the focus.
  accessibilitySupport: "auto",
  tabFocusMode: false,
  wordBasedSuggestions: "currentDocument",
  quickSuggestions: { other: true, comments: false, strings: false },
};

/** Indentation per language: the style its community writes (PEP 8, gofmt, Prettier…). */
export function indentationFor(language: RunLanguageId | string): { tabSize: number; insertSpaces: boolean } {
  switch (language) {
    case "go":
      return { tabSize: 4, insertSpaces: false };
    case "javascript":
    case "typescript":
      return { tabSize: 2, insertSpaces: true };
    default:
      return { tabSize: 4, insertSpaces: true };
  }
}

/** The editor's label for screen readers, naming the way out of it. */
export function editorAriaLabel(path: string, readOnly = false): string {
  return `Code editor, ${path}${readOnly ? " (read-only)" : ""}. Tab indents; press Control+M (Control+Shift+M on a Mac) to let Tab move the focus instead.`;
}
