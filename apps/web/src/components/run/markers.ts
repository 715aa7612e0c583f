import { monaco } from "./monaco.ts";

/** A problem at a place in a file, as `@codeclass/sandbox/diagnostics` parses it from a run's output. */
export interface Problem {
  file: string;
  line: number;
  column?: number;
  severity: "error" | "warning";
  message: string;
}

const owner = "codeclass-run";

/**
 * Puts the last run's problems on the models of their files (Monaco's squiggles, the overview
 * ruler and hover), and clears them from every other model. `modelFor` maps a path to its model.
 */
export function showProblems(problems: readonly Problem[], models: Iterable<[string, monaco.editor.ITextModel]>) {
  for (const [path, model] of models) {
    if (model.isDisposed()) continue;
    const lines = model.getLineCount();
    monaco.editor.setModelMarkers(
      model,
      owner,
      problems
        .filter((p) => p.file === path)
        .map((p) => {
          const line = Math.min(Math.max(1, p.line), lines);
          const start = p.column ?? model.getLineFirstNonWhitespaceColumn(line) ?? 1;
          return {
            severity: p.severity === "warning" ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
            message: p.message,
            startLineNumber: line,
            startColumn: Math.max(1, start),
            endLineNumber: line,
            endColumn: model.getLineMaxColumn(line),
            source: "run",
          };
        }),
    );
  }
}

/** Puts the cursor on a line (and column) and scrolls it into the middle of the view. */
export function revealLine(editor: monaco.editor.IStandaloneCodeEditor, line: number, column = 1) {
  editor.revealLineInCenter(line);
  editor.setPosition({ lineNumber: line, column });
  editor.focus();
}
