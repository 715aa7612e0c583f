import type { RunStreamEvent } from "@codeclass/api";

/** One event of `run.events` (the `data` of each tracked event): the API's own type. */
export type { RunStreamEvent };

/** How a run ended, as `run.events` reports it in its "end" event. */
export type RunEndResult = Extract<RunStreamEvent, { type: "end" }>["result"];

const verdicts: Record<string, { label: string; color: string }> = {
  OK: { label: "OK", color: "green" },
  COMPILE_ERROR: { label: "Compile error", color: "red" },
  RUNTIME_ERROR: { label: "Runtime error", color: "red" },
  TIME_LIMIT: { label: "Time limit exceeded", color: "orange" },
  MEMORY_LIMIT: { label: "Memory limit exceeded", color: "orange" },
  OUTPUT_LIMIT: { label: "Output limit exceeded", color: "orange" },
  STOPPED: { label: "Stopped", color: "gray" },
  INTERNAL_ERROR: { label: "Internal error", color: "gray" },
};

/** A verdict's words and badge colour; an unknown verdict is shown as it is, in gray. */
export function verdictStyle(verdict: string): { label: string; color: string } {
  return verdicts[verdict] ?? { label: verdict.replace(/_/g, " ").toLowerCase(), color: "gray" };
}

/** "85 ms", "1.24 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "12.3 MiB" (from KiB). */
export function formatMemory(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MiB`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "just now", "5 minutes ago", "yesterday", else the date and time. */
export function formatWhen(date: Date, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), "day");
  return dateTime.format(date);
}

/** The full date and time, for a tooltip or a screen reader. */
export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/** A queued run's place: "Queued: next, starting in about 2 s", "Queued: 3 runs ahead, starting in about 12 s". */
export function queueLabel(position: number, etaMs: number): string {
  const ahead = position <= 0 ? "next" : `${position} run${position === 1 ? "" : "s"} ahead`;
  const seconds = Math.max(1, Math.round(etaMs / 1000));
  const eta = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `Queued: ${ahead}, starting in about ${eta}`;
}
