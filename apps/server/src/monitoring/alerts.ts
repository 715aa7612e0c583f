import { monitor } from "@codeclass/services";
import type { Log } from "../logger.ts";
import type { AlertChange } from "./notify.ts";
import type { Sampler } from "./sampler.ts";

export interface AlertingOptions {
  sampler: Sampler;
  thresholds: monitor.Thresholds;
  intervalMs: number;
  /** Good evaluations in a row before a firing alert clears (default 2). */
  clearAfter?: number;
  /** History points kept per figure. */
  historySize: number;
  /** Called with what changed at each evaluation (nothing while an alert keeps firing). */
  notify: (changes: AlertChange[]) => Promise<void>;
  log: Log;
}

/**
 * Evaluates the alerts every `intervalMs` on fresh figures: an alert is sent when it starts firing
 * and when it clears (after `clearAfter` good evaluations), never again while it keeps firing.
 * Each evaluation adds a history point.
 */
export function createAlerting(options: AlertingOptions) {
  const since = new Map<monitor.AlertId, string>();
  const okStreak = new Map<monitor.AlertId, number>();
  const clearAfter = options.clearAfter ?? 2;
  let alerts: monitor.AlertState[] = [];
  const history: { at: string; values: Record<monitor.HistoryKey, number | null> }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function evaluate() {
    const figures = await options.sampler.read(0);
    const judged = monitor.judgeAlerts(figures, options.thresholds, (id) => since.has(id));
    const changes: AlertChange[] = [];
    alerts = judged.map((judgedNow) => {
      const was = since.has(judgedNow.id);
      let a = judgedNow;
      if (was && !a.firing) {
        // A firing alert clears only after `clearAfter` good evaluations in a row, so a figure
        // hovering at its threshold does not send a fire and a clear at every interval.
        const streak = (okStreak.get(a.id) ?? 0) + 1;
        okStreak.set(a.id, streak);
        if (streak < clearAfter) a = { ...a, firing: true };
      } else okStreak.delete(a.id);
      if (a.firing && !was) since.set(a.id, figures.at);
      if (!a.firing && was) since.delete(a.id);
      const state = { ...a, since: since.get(a.id) ?? null };
      if (a.firing !== was) changes.push({ alert: state, change: a.firing ? "firing" : "cleared" });
      return state;
    });
    history.push({ at: figures.at, values: monitor.historyPoint(figures) });
    if (history.length > options.historySize) history.splice(0, history.length - options.historySize);
    await options.notify(changes);
  }

  const tick = () => {
    running = evaluate()
      .catch((err) => options.log.error({ err }, "alert evaluation failed"))
      .finally(() => {
        running = null;
        // The next evaluation is timed from the end of this one, so slow reads never pile up.
        if (!stopped) timer = setTimeout(tick, options.intervalMs).unref();
      });
  };

  return {
    start() {
      // A short grace first: a worker started with the server needs a moment to connect, and
      // "no worker" should not fire and clear on every restart.
      if (!timer && !running) timer = setTimeout(tick, Math.min(options.intervalMs, 2000)).unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    /** The alerts as last evaluated (every rule, firing or not). */
    alerts: () => alerts,
    history: () => history,
    /** Whether an alert is firing now (for the exported gauge). */
    firing: (id: monitor.AlertId) => since.has(id),
  };
}
export type Alerting = ReturnType<typeof createAlerting>;
