import type { RunResult } from "@codeclass/sandbox";

/** The result of a run that never got to run its program. */
export function notRun(verdict: RunResult["verdict"], message: string) {
  return { verdict, message, exitCode: null, signal: null, cpuMs: 0, wallMs: 0, memoryKb: 0 };
}
