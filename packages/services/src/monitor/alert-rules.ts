import type { MonitorFigures } from "./figures.ts";

/** Alert thresholds; the defaults are seed 004's, each settable by an ALERT_* variable. */
export interface Thresholds {
  /** Jobs waiting for a worker (ALERT_QUEUE_DEPTH). */
  queueDepth: number;
  /** The API's 95th percentile response time over the last minute, seconds (ALERT_API_P95_SECONDS). */
  apiP95Seconds: number;
  /** 5xx answers among the API's answers over the last minute, percent (ALERT_ERROR_RATE_PERCENT). */
  errorRatePercent: number;
  /** The machine's CPU use, percent (ALERT_CPU_PERCENT). */
  cpuPercent: number;
  /** Use of the disk holding DATA_DIR, percent (ALERT_STORAGE_PERCENT). */
  storagePercent: number;
  /** How long the oldest waiting job has waited, seconds (ALERT_OLDEST_JOB_SECONDS). */
  oldestJobSeconds: number;
  /** Fewer worker processes than this is an alert (ALERT_MIN_WORKERS). */
  minWorkers: number;
}

export const defaultThresholds: Thresholds = {
  queueDepth: 50,
  apiP95Seconds: 3,
  errorRatePercent: 5,
  cpuPercent: 80,
  storagePercent: 80,
  oldestJobSeconds: 30,
  minWorkers: 1,
};

export const alertIds = ["queue_depth", "oldest_job", "no_worker", "database_down", "api_p95", "error_rate", "cpu", "storage"] as const;
export type AlertId = (typeof alertIds)[number];

interface AlertRule {
  title: string;
  unit: string;
  /** "above": fires when the value is over the threshold; "below": when under it. */
  when: "above" | "below";
  threshold(t: Thresholds): number;
  /** Null when the figure cannot be read (the rule neither fires nor clears then). */
  value(f: MonitorFigures): number | null;
}

const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? null : ratio * 100);

export const alertRules: Record<AlertId, AlertRule> = {
  queue_depth: { title: "Queue depth", unit: "jobs", when: "above", threshold: (t) => t.queueDepth, value: (f) => f.queue?.depth ?? null },
  oldest_job: {
    title: "Oldest waiting job",
    unit: "s",
    when: "above",
    threshold: (t) => t.oldestJobSeconds,
    value: (f) => f.queue?.oldestSeconds ?? null,
  },
  no_worker: {
    title: "Workers alive",
    unit: "workers",
    when: "below",
    threshold: (t) => t.minWorkers,
    value: (f) => f.workers?.alive ?? null,
  },
  database_down: { title: "Database answering", unit: "", when: "below", threshold: () => 1, value: (f) => (f.database.up ? 1 : 0) },
  api_p95: { title: "API p95 response time", unit: "s", when: "above", threshold: (t) => t.apiP95Seconds, value: (f) => f.api.p95Seconds },
  error_rate: {
    title: "API error rate",
    unit: "%",
    when: "above",
    threshold: (t) => t.errorRatePercent,
    value: (f) => percent(f.api.errorRate),
  },
  cpu: { title: "CPU use", unit: "%", when: "above", threshold: (t) => t.cpuPercent, value: (f) => percent(f.system.cpu) },
  storage: {
    title: "Storage use",
    unit: "%",
    when: "above",
    threshold: (t) => t.storagePercent,
    value: (f) => percent(f.system.storage?.ratio),
  },
};

/** One alert as judged against one set of figures. */
export interface AlertState {
  id: AlertId;
  title: string;
  unit: string;
  when: "above" | "below";
  threshold: number;
  value: number | null;
  firing: boolean;
  /** When it started firing (ISO), while it fires. */
  since: string | null;
}

/** Judges every rule; `wasFiring` keeps a rule's state when its figure cannot be read. */
export function judgeAlerts(f: MonitorFigures, t: Thresholds, wasFiring: (id: AlertId) => boolean = () => false) {
  return alertIds.map((id) => {
    const rule = alertRules[id];
    const threshold = rule.threshold(t);
    const value = rule.value(f);
    const firing = value === null ? wasFiring(id) : rule.when === "above" ? value > threshold : value < threshold;
    return { id, title: rule.title, unit: rule.unit, when: rule.when, threshold, value, firing };
  });
}

/** "73 jobs", "1 worker", "12.5%", "3s". */
export function formatFigure(n: number, unit: string) {
  const v = Number.isInteger(n) ? String(n) : n.toFixed(2);
  if (unit === "%" || unit === "s") return `${v}${unit}`;
  if (!unit) return v;
  return `${v} ${n === 1 && unit.endsWith("s") ? unit.slice(0, -1) : unit}`;
}

/** "Queue depth is 73 jobs (alert when above 50 jobs)"; "The database is not answering". */
export function describeAlert(a: Pick<AlertState, "id" | "title" | "value" | "unit" | "when" | "threshold">) {
  if (a.id === "database_down") return a.value === 1 ? "The database is answering" : "The database is not answering";
  return `${a.title} is ${a.value === null ? "unknown" : formatFigure(a.value, a.unit)} (alert when ${a.when} ${formatFigure(a.threshold, a.unit)})`;
}
