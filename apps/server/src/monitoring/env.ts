import { z } from "zod";

const flag = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no"], { error: "use true or false" })
    .optional()
    .transform((v) => (v === undefined ? fallback : ["1", "true", "yes"].includes(v)));

const number = (name: string, fallback: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(0, { error: `${name} must be 0 or more` })
    .max(max, { error: `${name} must be at most ${max}` })
    .default(fallback);

/** Monitoring and alerting settings (README, "Configuration"); seed 004's thresholds are the defaults. */
export const monitoringEnvSchema = z.object({
  /**
   * Send alerts from this server (turn off on all but one server when several run). Unset: on,
   * except under NODE_ENV=test, where test servers would mail their admins about the busy machine.
   */
  ALERTS: z
    .enum(["1", "0", "true", "false", "yes", "no"], { error: "use true or false" })
    .optional()
    .transform((v) => (v === undefined ? undefined : ["1", "true", "yes"].includes(v))),
  /** How often the alerts are evaluated and a history point is kept, ms. */
  ALERT_INTERVAL_MS: z.coerce
    .number({ error: "ALERT_INTERVAL_MS must be a number of milliseconds" })
    .int()
    .min(100, { error: "ALERT_INTERVAL_MS must be at least 100" })
    .max(3_600_000, { error: "ALERT_INTERVAL_MS must be at most 3600000 (an hour)" })
    .default(15_000),
  /** A Slack-compatible incoming webhook: alerts are posted as {"text": ...} when they fire and when they clear. */
  ALERT_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: "ALERT_WEBHOOK_URL must be an http(s) URL such as https://hooks.slack.com/services/..." })
    .optional(),
  /** Mail every administrator when an alert fires or clears. */
  ALERT_MAIL_ADMINS: flag(true),
  ALERT_QUEUE_DEPTH: number("ALERT_QUEUE_DEPTH", 50, 1_000_000),
  ALERT_API_P95_SECONDS: number("ALERT_API_P95_SECONDS", 3, 3600),
  ALERT_ERROR_RATE_PERCENT: number("ALERT_ERROR_RATE_PERCENT", 5, 100),
  ALERT_CPU_PERCENT: number("ALERT_CPU_PERCENT", 80, 100),
  ALERT_STORAGE_PERCENT: number("ALERT_STORAGE_PERCENT", 80, 100),
  ALERT_OLDEST_JOB_SECONDS: number("ALERT_OLDEST_JOB_SECONDS", 30, 86_400),
  ALERT_MIN_WORKERS: number("ALERT_MIN_WORKERS", 1, 1000),
  /** History points kept per figure for the monitoring page's sparklines. */
  MONITOR_HISTORY: z.coerce.number().int().min(2).max(1000).default(60),
  /** Figures read from the database are reused for this long, so a burst of scrapes reads Postgres once, ms. */
  MONITOR_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
});
export type MonitoringEnv = z.infer<typeof monitoringEnvSchema>;

export function thresholdsFrom(env: MonitoringEnv) {
  return {
    queueDepth: env.ALERT_QUEUE_DEPTH,
    apiP95Seconds: env.ALERT_API_P95_SECONDS,
    errorRatePercent: env.ALERT_ERROR_RATE_PERCENT,
    cpuPercent: env.ALERT_CPU_PERCENT,
    storagePercent: env.ALERT_STORAGE_PERCENT,
    oldestJobSeconds: env.ALERT_OLDEST_JOB_SECONDS,
    minWorkers: env.ALERT_MIN_WORKERS,
  };
}
