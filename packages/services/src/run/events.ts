import type { RunOutcome } from "@codeclass/sandbox";

/** How a run ended: the verdict, exit code or signal, and the time and memory it used. */
export type RunEndResult = RunOutcome;

/**
 * Events a run streams, as stored in run_events and sent by `run.events`: status changes, output
 * chunks, and one final "end" with the verdict. The worker writes them; the API and the IDE read them.
 */
export type RunStreamEvent =
  | { type: "status"; status: "queued" | "compiling" | "running" }
  | { type: "stdout" | "stderr" | "compile"; data: string }
  | { type: "end"; result: RunEndResult };
