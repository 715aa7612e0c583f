/**
 * Monaco from the local `monaco-editor` package, with its web workers bundled by Vite (`?worker`),
 * so the editor loads nothing from a CDN and works offline. Only the editor components import this
 * module (through lazy chunks), so Monaco stays out of the main bundle.
 */

import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";
import TypeScriptWorker from "monaco-editor/languages/features/typescript/ts.worker.js?worker";
import { type RefObject, useEffect } from "react";
import { defineMonacoThemes, getAppearance, monacoTheme, useAppearance } from "../../lib/appearance.ts";
import { indentationFor, sharedEditorOptions } from "./editorOptions.ts";
import { editorLanguage, type RunLanguageId } from "./files.ts";
import * as monaco from "./monacoApi.ts";

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    // Only JavaScript and TypeScript have a language service here; every other language is
    // highlighted on the main thread and needs just the base editor worker.
    if (label === "typescript" || label === "javascript") return new TypeScriptWorker();
    return new EditorWorker();
  },
};

// Programs run under Node.js, whose type definitions the browser does not have: without these,
// `process`, `require` and `import ... from "node:readline"` would be underlined as errors even
// though they run fine. The server's own compile step still reports real type errors.
const ignoredDiagnostics = [
  2307, // Cannot find module '...'
  2580, // Cannot find name 'require'/'process'. Do you need to install type definitions for node?
  2591, // Same, suggesting a tsconfig change
  2792, // Cannot find module '...'. Did you mean to set the 'moduleResolution' option?
  5097, // An import path can only end with a '.ts' extension when 'allowImportingTsExtensions' is enabled
];
const { typescript } = monaco;
const compilerOptions = {
  target: typescript.ScriptTarget.ES2020,
  module: typescript.ModuleKind.ESNext,
  moduleResolution: typescript.ModuleResolutionKind.NodeJs,
  allowNonTsExtensions: true,
  allowImportingTsExtensions: true,
  noEmit: true,
  strict: true,
  allowJs: true,
  checkJs: false,
};
typescript.typescriptDefaults.setCompilerOptions(compilerOptions);
typescript.javascriptDefaults.setCompilerOptions(compilerOptions);
typescript.typescriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: false,
  noSyntaxValidation: false,
  diagnosticCodesToIgnore: ignoredDiagnostics,
});
typescript.javascriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: true,
  noSyntaxValidation: false,
  diagnosticCodesToIgnore: ignoredDiagnostics,
});
// Models of files that are open in no editor still count (a multi-file TypeScript project).
typescript.typescriptDefaults.setEagerModelSync(true);
typescript.javascriptDefaults.setEagerModelSync(true);

defineMonacoThemes(monaco.editor);

// Monaco fetches a language's grammar only when the first file of that language opens, one more
// round trip before the code is highlighted and the editor takes keys. The grammars of the
// languages Codeclass runs are a few kilobytes each: fetch them with the editor.
void import("monaco-editor/languages/definitions/python/python.js");
void import("monaco-editor/languages/definitions/cpp/cpp.js");
void import("monaco-editor/languages/definitions/java/java.js");
void import("monaco-editor/languages/definitions/go/go.js");
void import("monaco-editor/languages/definitions/javascript/javascript.js");
void import("monaco-editor/languages/definitions/typescript/typescript.js");

/**
 * A Monaco editor with the options every editor of the app shares (`editorOptions.ts`), the
 * reader's theme and font size (`lib/appearance.ts`), and no model yet; `extra` adds to them.
 */
export function createCodeEditor(host: HTMLElement, extra: monaco.editor.IStandaloneEditorConstructionOptions = {}) {
  const appearance = getAppearance();
  const editor = monaco.editor.create(host, {
    model: null,
    ...sharedEditorOptions,
    theme: monacoTheme(appearance.colorScheme),
    fontSize: appearance.editorFontSize,
    ...extra,
  });
  tabMovesFocusWhenEnteredByKeyboard(editor);
  tokenizeBeforeTyping(editor);
  return editor;
}

/**
 * Why brackets closed (and Enter indented) only sometimes: Monaco skips auto-closing and the
 * language's Enter rules when the cursor's line is not "cheap to tokenize", i.e. its background
 * tokenizer has not caught up since the last edit above it (every remote edit, every keystroke of
 * fast typing, and more so on a busy machine). Tokenizing up to the cursor's line before each
 * key (incremental: only lines changed since) makes both work every time.
 */
function tokenizeBeforeTyping(editor: monaco.editor.IStandaloneCodeEditor) {
  editor.onKeyDown(() => {
    const model = editor.getModel() as (monaco.editor.ITextModel & { tokenization?: { forceTokenization(line: number): void } }) | null;
    const line = editor.getPosition()?.lineNumber;
    if (model && line) model.tokenization?.forceTokenization(line);
  });
}

/** A model for a file, with the highlighting and indentation of its language. */
export function createFileModel(content: string, path: string, workspace: RunLanguageId, uri: monaco.Uri): monaco.editor.ITextModel {
  const model = monaco.editor.createModel(content, editorLanguage(path, workspace), uri);
  model.updateOptions(indentationFor(model.getLanguageId()));
  return model;
}

/** Re-highlights and re-indents a model after the workspace's language changed (.h is C or C++). */
export function setFileModelLanguage(model: monaco.editor.ITextModel, path: string, workspace: RunLanguageId) {
  monaco.editor.setModelLanguage(model, editorLanguage(path, workspace));
  model.updateOptions(indentationFor(model.getLanguageId()));
}

/**
 * Tabbing through the page must not type into the code: when the editor gets the focus from the
 * keyboard (Tab or Shift+Tab), Tab moves the focus on until the reader types something else or
 * clicks in it. Ctrl+M still toggles it for good (Monaco's own "Toggle Tab Key Moves Focus").
 */
function tabMovesFocusWhenEnteredByKeyboard(editor: monaco.editor.IStandaloneCodeEditor) {
  let lastTabAt = 0;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Tab") lastTabAt = performance.now();
  };
  window.addEventListener("keydown", onKey, true);
  const focus = editor.onDidFocusEditorText(() => {
    if (performance.now() - lastTabAt < 300) editor.updateOptions({ tabFocusMode: true });
  });
  const key = editor.onKeyDown((e) => {
    if (e.keyCode !== monaco.KeyCode.Tab && e.keyCode !== monaco.KeyCode.Shift) editor.updateOptions({ tabFocusMode: false });
  });
  const mouse = editor.onMouseDown(() => editor.updateOptions({ tabFocusMode: false }));
  const blur = editor.onDidBlurEditorText(() => editor.updateOptions({ tabFocusMode: false }));
  editor.onDidDispose(() => {
    window.removeEventListener("keydown", onKey, true);
    for (const d of [focus, key, mouse, blur]) d.dispose();
  });
}

/** Keeps an editor's font size in step with the appearance settings (the theme is global to Monaco). */
export function useEditorAppearance(editorRef: RefObject<monaco.editor.IStandaloneCodeEditor | null>) {
  const { colorScheme, editorFontSize } = useAppearance();
  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(colorScheme));
  }, [colorScheme]);
  useEffect(() => {
    editorRef.current?.updateOptions({ fontSize: editorFontSize });
  }, [editorRef, editorFontSize]);
}

export { monaco };
