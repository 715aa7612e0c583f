/**
 * Monaco from the local `monaco-editor` package, with its web workers bundled by Vite (`?worker`),
 * so the editor loads nothing from a CDN and works offline. Only the run page imports this module
 * (through a lazy chunk), so Monaco stays out of the main bundle.
 */
import * as monaco from "monaco-editor";
import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";
import TypeScriptWorker from "monaco-editor/languages/features/typescript/ts.worker.js?worker";

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

/** A Monaco editor with the options every editor of the app shares (no model yet); `extra` adds to them. */
export function createCodeEditor(host: HTMLElement, extra: monaco.editor.IStandaloneEditorConstructionOptions = {}) {
  return monaco.editor.create(host, {
    model: null,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    fixedOverflowWidgets: true,
    tabSize: 4,
    detectIndentation: true,
    // Shift+Alt+F1 (or Alt+F1) opens Monaco's own accessibility help.
    accessibilitySupport: "auto",
    ...extra,
  });
}

export { monaco };
