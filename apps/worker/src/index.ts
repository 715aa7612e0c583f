import type { Mailer } from "@codeclass/auth";
import { Logger, type Runner, run, runMigrations, type TaskList } from "graphile-worker";
import type { Logger as Pino } from "pino";
import { sendEmail } from "./tasks/send_email.ts";

export interface WorkerOptions {
  connectionString: string;
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

/** Creates graphile-worker's schema; run before anything adds jobs. */
export async function migrateWorker(connectionString: string, log: Pino): Promise<void> {
  await runMigrations({ connectionString, logger: pinoLogger(log) });
}

/** Starts the job runner. `stop()` waits for running jobs to finish. */
export async function startWorker(options: WorkerOptions): Promise<Runner> {
  return run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    crontab: "",
    pollInterval: 2000,
    logger: pinoLogger(options.log.child({ component: "worker" })),
    taskList: taskList(options),
  });
}
