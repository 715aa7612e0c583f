/**
 * How a run ended. INTERNAL_ERROR is never blamed on the user's code; STOPPED is a run stopped
 * before its end, by its user (Stop) or by the server shutting down (the message says which).
 */
export const verdicts = [
  "OK",
  "COMPILE_ERROR",
  "RUNTIME_ERROR",
  "TIME_LIMIT",
  "MEMORY_LIMIT",
  "OUTPUT_LIMIT",
  "STOPPED",
  "INTERNAL_ERROR",
] as const;
export type Verdict = (typeof verdicts)[number];

/** One source file of a run; `path` is relative (validated: no absolute paths, no `..`). */
export interface SourceFile {
  path: string;
  content: string;
}

export interface RunResult {
  verdict: Verdict;
  /** Exit code of the program (null when killed by a signal or never started). */
  exitCode: number | null;
  /** Signal name such as "SIGSEGV" when the program was killed by one. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Compiler output (for COMPILE_ERROR, and warnings otherwise). */
  compileOutput: string;
  cpuMs: number;
  wallMs: number;
  /** Peak memory of the run phase. */
  memoryKb: number;
  /** For TIME_LIMIT: which limit was hit. */
  timeLimit?: "cpu" | "wall";
  /** A sentence for the user: what happened and, for limits, which one. */
  message: string;
}

/** How a run ended, without its output: the "end" event's result and the finished run's columns. */
export type RunOutcome = Pick<RunResult, "verdict" | "message" | "exitCode" | "signal" | "cpuMs" | "wallMs" | "memoryKb"> & {
  timeLimit: "cpu" | "wall" | null;
};

/** What a driver streams while a run goes on. */
export type RunEvent = { type: "phase"; phase: "compiling" | "running" } | { type: "stdout" | "stderr" | "compile"; data: string };

export interface RunRequest {
  language: string;
  files: SourceFile[];
  /** The file to run (default: main.<ext>, the Java class with main, else the first source file). */
  entry?: string;
  /** Command-line arguments for the program. */
  args?: string[];
  /** Written to stdin at start; with `closeStdin` (default true when no interactive input). */
  stdin?: string;
  /** Keep stdin open for `write()` after start (interactive runs). Default false: stdin closes after `stdin`. */
  interactive?: boolean;
  limits?: Partial<import("./limits.ts").Limits>;
}

export interface RunHandle {
  /** Writes to the program's stdin (ignored once closed or finished). */
  write(data: string): void;
  /** Closes stdin (EOF). */
  closeStdin(): void;
  /** Stops the program; the verdict is STOPPED with `message` (default "Stopped by the user"). */
  cancel(message?: string): void;
  /**
   * Resolves once every process the run started is dead (the box itself is removed in the
   * background; `settle(provider)` waits for that). Never rejects: failures become INTERNAL_ERROR.
   */
  done: Promise<RunResult>;
}

/** A request the sandbox refuses before running anything (bad file name, unknown language, too large). */
export class SandboxInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "SandboxInputError";
  }
}
