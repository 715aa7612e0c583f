import os from "node:os";
import type { Database } from "@codeclass/db";
import type { Mailer } from "@codeclass/mail";
import { type SandboxChoice, selectSandbox } from "@codeclass/sandbox/select";
import { type live, run as runDomain, runInputChannel } from "@codeclass/services";
import { Logger, type Runner, run, runMigrations, type TaskList } from "graphile-worker";
import pg from "pg";
import type { Logger as Pino } from "pino";
import { workerEnv } from "./env.ts";
import { sweepStuckRuns } from "./runs/sweep-stuck-runs.ts";
import { type BackupSettings, backupTask } from "./tasks/backup.ts";
import { breakoutTimer } from "./tasks/breakout_timer.ts";
import { gradeSubmission } from "./tasks/grade_submission.ts";
import { importCommit } from "./tasks/import_commit.ts";
import { runCode } from "./tasks/run_code.ts";
import { sendEmail } from "./tasks/send_email.ts";

export { type BackupSettings, sweepStuckRuns };

export interface WorkerOptions {
  /** graphile-worker's own pool (see `createWorkerPool`); the caller ends it after `stop()`. */
  pgPool: pg.Pool;
  /** The database the run services use (claim, events, input, finish, sweep) and the input LISTEN; the caller closes it. */
  db: Database;
  log: Pino;
  mailer: Mailer;
  /** Jobs run at once by this process (default `defaultConcurrency()`: 4 per CPU, 4 to 32). */
  concurrency?: number;
  /** The sandbox for code runs (default: SANDBOX_DRIVER (env.ts) or auto-detected, once, on first run; then the worker closes it). */
  sandbox?: () => Promise<SandboxChoice>;
  /** Scheduled backups (the `backup` cron task); none when absent. */
  backup?: BackupSettings;
  /** Boxes one submission's tests may share (Python, JavaScript); default `defaultGradingLanes()`. */
  gradingLanes?: number;
  /** LiveKit's server API, for the rooms a breakout timer closes; null or absent: video off. */
  livekit?: live.LiveKitConfig | null;
}

export interface Worker {
  /** Waits for running jobs, then releases the sandbox and listeners (not the pool). */
  stop(): Promise<void>;
}

/** Routes graphile-worker's log lines to pino, one structured line each. */
function pinoLogger(log: Pino): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fn = level === "error" ? log.error : level === "warning" ? log.warn : level === "debug" ? log.debug : log.info;
    fn.call(log, { ...scope, ...meta }, message);
  });
}

/**
 * A pg pool for graphile-worker that we own: ended by our shutdown before Postgres stops, and
 * with an error handler, so a server restart or shutdown never surfaces as an unhandled error.
 */
export function createWorkerPool(connectionString: string, log: Pino, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", (err) => log.warn({ err, component: "worker" }, "idle database connection failed"));
  pool.on("connect", (client) => client.on("error", (err) => log.warn({ err, component: "worker" }, "database connection failed")));
  return pool;
}

/** Creates graphile-worker's schema; run before anything adds jobs. */
export async function migrateWorker(pgPool: pg.Pool, log: Pino): Promise<void> {
  await runMigrations({ pgPool, logger: pinoLogger(log) });
}

/**
 * Jobs one worker process runs at once, sized to what its sandbox host can run: a short program
 * spends most of its time starting (processes, namespaces, a container), not on a CPU, so a few
 * per core keep the cores busy when a class presses Run at once (bench:storm); 4 to 32.
 */
export function defaultConcurrency(cpus = os.availableParallelism()): number {
  return Math.min(32, Math.max(4, 4 * cpus));
}

/** Starts the job runner and the sweep of runs whose worker died. */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const log = options.log.child({ component: "worker" });
  let chosen: Promise<SandboxChoice> | null = null;
  const concurrency = options.concurrency ?? defaultConcurrency();
  // A box ready for each job it may take at once: a burst starts without waiting for their setup.
  const sandbox = options.sandbox ?? (() => (chosen ??= selectSandbox(workerEnv().SANDBOX_DRIVER, { poolSize: concurrency })));
  const inputs = runDomain.createNotifyHub((channel, onPayload) => options.db.$client.listen(channel, onPayload), runInputChannel);
  await inputs.ready;
  const sweep = () =>
    sweepStuckRuns(options.db).then(
      (n) => n && log.warn({ runs: n }, "ended runs whose worker stopped"),
      (err) => log.warn({ err }, "sweep failed"),
    );
  void sweep();
  const sweeper = setInterval(sweep, 10_000);
  const active = new Set<{ cancel(message?: string): void }>();
  const taskList: TaskList = {
    send_email: sendEmail(options.mailer),
    run_code: runCode({ db: options.db, log, sandbox, inputs, active }),
    import_commit: importCommit({ db: options.db, log }),
    ...(options.backup ? { backup: backupTask(options.backup, log) } : {}),
    grade_submission: gradeSubmission({ db: options.db, log, sandbox, lanes: options.gradingLanes }),
    breakout_timer: breakoutTimer({ db: options.db, log, livekit: options.livekit ?? null }),
  };
  const runner: Runner = await run({
    pgPool: options.pgPool,
    concurrency,
    noHandleSignals: true,
    // Every worker process may hold the schedule: graphile-worker queues each slot once.
    crontab: options.backup?.schedule ? `${options.backup.schedule} backup ?max=1&jobKey=backup` : "",
    pollInterval: 2000,
    logger: pinoLogger(options.log.child({ component: "worker" })),
    taskList,
  });
  return {
    async stop() {
      clearInterval(sweeper);
      // Programs still running are stopped (their users see why) so shutdown does not wait for them.
      for (const run of active) run.cancel("Stopped because the server is restarting; run it again");
      await runner.stop();
      await inputs.close();
      const choice = await chosen;
      if (choice?.ok) await choice.sandbox.close();
    },
  };
}
