import type { RunOutcome } from "@codeclass/sandbox";

/** How a run ended: the verdict, exit code or signal, and the time and memory it used. */
export type RunEndResult = RunOutcome;

/**
 * Events stored in run_events, numbered from 1: status changes, output chunks, whether the program
 * is waiting for input, and one final "end" with the verdict. The worker writes them.
 */
export type StoredRunEvent =
  | { type: "status"; status: "queued" | "compiling" | "running" }
  | { type: "stdout" | "stderr" | "compile"; data: string }
  /** The program blocked reading stdin (`waiting: true`), or went on after it (`false`). */
  | { type: "input"; waiting: boolean }
  | { type: "end"; result: RunEndResult };

/**
 * The run's place in the queue while it waits: `position` runs are ahead of it (0: it is next)
 * and it should start in about `etaMs` (whole seconds, from recent run times and the workers'
 * slots). Sent by `run.events` when it changes (at most once a second), never stored.
 */
export type RunQueueEvent = { type: "queue"; position: number; etaMs: number };

/** Events `run.events` sends: the stored ones (tracked by their number) and the queue's. The IDE reads them. */
export type RunStreamEvent = StoredRunEvent | RunQueueEvent;
