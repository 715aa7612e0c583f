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
  /**
   * CPU time of the run phase, all the program's processes together: the measure the CPU limit is
   * enforced on (for a CPU TIME_LIMIT it is over `limits.cpuMs`, and the message names both).
   */
  cpuMs: number;
  /** Wall time of the run phase that counts toward the wall limit: without the time spent waiting for input. */
  wallMs: number;
  /** Time the program spent blocked waiting for input (not in `wallMs`). */
  inputWaitMs?: number;
  /** Peak memory of the run phase. */
  memoryKb: number;
  /**
   * For TIME_LIMIT: which limit was hit: "cpu" (CPU time), "wall" (wall time, input waits
   * excluded) or "idle" (waited longer than `limits.idleMs` for input).
   */
  timeLimit?: TimeLimit;
  /** A sentence for the user: what happened and, for limits, which one. */
  message: string;
}

export type TimeLimit = "cpu" | "wall" | "idle";

/** How a run ended, without its output: the "end" event's result and the finished run's columns. */
export type RunOutcome = Pick<RunResult, "verdict" | "message" | "exitCode" | "signal" | "cpuMs" | "wallMs" | "memoryKb"> & {
  timeLimit: TimeLimit | null;
};

/**
 * What a run streams while it goes on:
 *   - "phase": compiling, then running;
 *   - "stdout" / "stderr" / "compile": output as it comes;
 *   - "input": the program started (`waiting: true`) or stopped (`false`) waiting for input. Only
 *     for interactive runs with stdin open. Debounced: `true` once the program has been blocked on
 *     its stdin for 300 ms (a program reading lines already given never shows as waiting); `false`
 *     as soon as it runs again (input arrived) or ends, and only after a `true`. While it waits,
 *     the wall clock is paused (see `Limits.wallMs`).
 */
export type RunEvent =
  | { type: "phase"; phase: "compiling" | "running" }
  | { type: "stdout" | "stderr" | "compile"; data: string }
  | { type: "input"; waiting: boolean };

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
