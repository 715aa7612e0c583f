import type { Mailer } from "@codeclass/auth";
import { Logger, type Runner, run, runMigrations, type TaskList } from "graphile-worker";
import pg from "pg";
import type { Logger as Pino } from "pino";
import { sendEmail } from "./tasks/send_email.ts";

export interface WorkerOptions {
  /** The worker's own pool (see `createWorkerPool`); the caller ends it after `stop()`. */
  pgPool: pg.Pool;
  log: Pino;
  mailer: Mailer;
  /** Jobs run at once by this process (default 4). */
  concurrency?: number;
}

/** Routes graphile-worker's log lines to pino, one structured line each. */
function pinoLogger(log: Pino): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fn = level === "error" ? log.error : level === "warning" ? log.warn : level === "debug" ? log.debug : log.info;
    fn.call(log, { ...scope, ...meta }, message);
  });
}

export function taskList(options: Pick<WorkerOptions, "mailer">): TaskList {
  return { send_email: sendEmail(options.mailer) };
}

/**
 * A pg pool for graphile-worker that we own: ended by our shutdown before Postgres stops, and
 * with an error handler, so a server restart or shutdown never surfaces as an unhandled error.
 */
export function createWorkerPool(connectionString: string, log: Pino, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", (err) => log.warn({ err, component: "worker" }, "idle database connection failed"));
  return pool;
}

/** Creates graphile-worker's schema; run before anything adds jobs. */
export async function migrateWorker(pgPool: pg.Pool, log: Pino): Promise<void> {
  await runMigrations({ pgPool, logger: pinoLogger(log) });
}

/** Starts the job runner. `stop()` waits for running jobs to finish. */
export async function startWorker(options: WorkerOptions): Promise<Runner> {
  return run({
    pgPool: options.pgPool,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    crontab: "",
    pollInterval: 2000,
    logger: pinoLogger(options.log.child({ component: "worker" })),
    taskList: taskList(options),
  });
}
