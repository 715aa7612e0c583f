import type { Database } from "@codeclass/db";
import { monitor } from "@codeclass/services";

/** Finishes are read again this far back: a run's row may commit a little after its finished_at. */
const lookbackMs = 30_000;
const minuteMs = 60_000;

/**
 * Counts finished runs from the runs table (every worker writes there, on any machine): each read
 * takes the runs finished since the last one, once each, and hands them to `onFinished` (counters
 * and latency histograms); `lastMinute` counts those that finished in the last minute. Counting
 * starts a minute before the server did.
 */
export function runTally(db: Database, onFinished: (run: monitor.FinishedRun) => void) {
  const seen = new Map<string, { at: number; language: string; verdict: string }>();
  let watermark = Date.now() - minuteMs;
  return async () => {
    const rows = await monitor.readFinishedRuns(db, new Date(watermark - lookbackMs), 20_000);
    for (const run of rows) {
      const at = run.finishedAt.getTime();
      watermark = Math.max(watermark, at);
      if (seen.has(run.id)) continue;
      seen.set(run.id, { at, language: run.language, verdict: run.verdict });
      onFinished(run);
    }
    const now = Date.now();
    for (const [id, { at }] of seen) if (at < Math.min(now, watermark) - minuteMs - lookbackMs) seen.delete(id);
    const byKey = new Map<string, { language: string; verdict: string; count: number }>();
    for (const run of seen.values()) {
      if (run.at < now - minuteMs) continue;
      const key = `${run.language}\0${run.verdict}`;
      const entry = byKey.get(key) ?? { language: run.language, verdict: run.verdict, count: 0 };
      entry.count++;
      byKey.set(key, entry);
    }
    return [...byKey.values()];
  };
}
