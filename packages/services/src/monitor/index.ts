export {
  type AlertId,
  type AlertState,
  alertIds,
  alertRules,
  defaultThresholds,
  describeAlert,
  formatFigure,
  judgeAlerts,
  type Thresholds,
} from "./alert-rules.ts";
export { type HistoryKey, historyKeys, historyPoint, type MonitorFigures } from "./figures.ts";
export { mailAdmins } from "./mail-admins.ts";
export { type MonitorSnapshot, type MonitorSource, overview } from "./overview.ts";
export { type DatabaseFigures, probeDatabase } from "./probe-database.ts";
export { type FinishedRun, readFinishedRuns } from "./read-finished-runs.ts";
export { type LiveFigures, readLive } from "./read-live.ts";
export { type QueueFigures, readQueue } from "./read-queue.ts";
export { readWorkers, type WorkerFigures } from "./read-workers.ts";
export { type RecentRun, recentRuns } from "./recent-runs.ts";
