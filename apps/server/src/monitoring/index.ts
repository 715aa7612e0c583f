import type { Database } from "@codeclass/db";
import type { monitor } from "@codeclass/services";
import type { Log } from "../logger.ts";
import { type Metrics, registerMonitorMetrics } from "../metrics.ts";
import { createAlerting } from "./alerts.ts";
import { type MonitoringEnv, thresholdsFrom } from "./env.ts";
import { notifyAlerts } from "./notify.ts";
import { createSampler } from "./sampler.ts";

export { type MonitoringEnv, monitoringEnvSchema } from "./env.ts";

export interface MonitorOptions {
  env: MonitoringEnv & { NODE_ENV: string };
  db: Database;
  log: Log;
  metrics: Metrics;
  publicUrl: string;
  dataDir: string;
  collab: () => { documents: number; connections: number };
  /** This process's pools that report their use (graphile-worker's pg pool). */
  pools: () => monitor.MonitorFigures["pools"];
  sandbox: () => Promise<monitor.MonitorFigures["sandbox"]>;
}

/**
 * The server's monitor: figures for /metrics (read at scrape time, briefly cached), the alert
 * evaluator with its history, and the snapshot monitor.overview answers with.
 */
export function createMonitor(options: MonitorOptions) {
  const { env, log } = options;
  const thresholds = thresholdsFrom(env);
  const sending = env.ALERTS ?? env.NODE_ENV !== "test";
  const sampler = createSampler({
    db: options.db,
    metrics: options.metrics,
    dataDir: options.dataDir,
    collab: options.collab,
    pools: options.pools,
    sandbox: options.sandbox,
    cacheMs: env.MONITOR_CACHE_MS,
    onFinishedRun: (run) => metricsHooks.onFinishedRun(run),
  });
  const notifyLog = log.child({ component: "alerts" });
  const alerting = createAlerting({
    sampler,
    thresholds,
    intervalMs: env.ALERT_INTERVAL_MS,
    historySize: env.MONITOR_HISTORY,
    log: notifyLog,
    // With ALERTS off the evaluation still runs (for the page's states and history); nothing is sent.
    notify: (changes) =>
      sending
        ? notifyAlerts(
            {
              db: options.db,
              log: notifyLog,
              publicUrl: options.publicUrl,
              webhookUrl: env.ALERT_WEBHOOK_URL,
              mailAdmins: env.ALERT_MAIL_ADMINS,
            },
            changes,
          )
        : Promise.resolve(),
  });
  const metricsHooks = registerMonitorMetrics(options.metrics, { read: () => sampler.read(), thresholds, firing: alerting.firing });
  alerting.start();

  const source: monitor.MonitorSource = {
    async snapshot() {
      return {
        figures: await sampler.read(),
        alerts: alerting.alerts(),
        thresholds,
        history: alerting.history(),
        intervalMs: env.ALERT_INTERVAL_MS,
        sending,
        webhookConfigured: Boolean(env.ALERT_WEBHOOK_URL) && sending,
      };
    },
  };
  return {
    source,
    async stop() {
      await alerting.stop();
      sampler.stop();
    },
  };
}
export type Monitor = ReturnType<typeof createMonitor>;
