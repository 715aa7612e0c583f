/**
 * The isolation package: everything that runs untrusted code. It imports nothing of the
 * platform, so it can be used alone from a script or a test. Drivers arrive with the
 * code-execution work; this is the contract they implement.
 */

/** How a run ended. INTERNAL_ERROR is never blamed on the user's code. */
export const verdicts = ["OK", "COMPILE_ERROR", "RUNTIME_ERROR", "TIME_LIMIT", "MEMORY_LIMIT", "OUTPUT_LIMIT", "INTERNAL_ERROR"] as const;
export type Verdict = (typeof verdicts)[number];

/** One source file of a run; `path` is relative, without `..`. */
export interface SourceFile {
  path: string;
  content: string;
}

export interface RunResult {
  verdict: Verdict;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  compileOutput: string;
  cpuMs: number;
  wallMs: number;
  memoryKb: number;
}

/** A way to run a program in isolation (Docker or bubblewrap). */
export interface SandboxDriver {
  readonly name: "docker" | "bwrap";
  /** True when the driver can run here (socket answers, binary present). */
  available(): Promise<boolean>;
}
