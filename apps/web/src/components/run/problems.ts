import { parseDiagnostics, verdictHint } from "@codeclass/sandbox/diagnostics";
import type { Problem } from "./markers.ts";
import type { RunEndResult } from "./runFormat.ts";

/** A finished run's compiler output and stderr (useRun's `output`). */
export interface RunOutput {
  compile: string;
  stderr: string;
}

/** The problems a finished run's output names, on the workspace's files only. */
export function runProblems(language: string, output: RunOutput | null, paths: readonly string[]): Problem[] {
  if (!output) return [];
  return parseDiagnostics(language, `${output.compile}\n${output.stderr}`, { files: paths });
}

/** One sentence for a beginner about how the run ended, or null. */
export function runHint(language: string, result: RunEndResult | null, output: RunOutput | null, paths: readonly string[]): string | null {
  if (!result) return null;
  return verdictHint({
    language,
    verdict: result.verdict,
    timeLimit: "timeLimit" in result ? (result.timeLimit ?? null) : null,
    compileOutput: output?.compile ?? "",
    stderr: output?.stderr ?? "",
    files: paths.map((path) => ({ path })),
    signal: result.signal,
  });
}
