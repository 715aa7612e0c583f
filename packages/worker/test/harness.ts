import { createDb, type Database } from "@codeclass/db";
import type { Mailer } from "@codeclass/mail";
import { type SandboxChoice, selectSandbox } from "@codeclass/sandbox/select";
import { type live, run, runInputChannel } from "@codeclass/services";
import { cloneTemplate } from "@codeclass/test-utils";
import { Logger, runTaskListOnce } from "graphile-worker";
import type pg from "pg";
import pino from "pino";
import { createWorkerPool, startWorker } from "../src/index.ts";
import { runCode } from "../src/tasks/run_code.ts";

export const log = pino({ level: "silent" });

interface Harness {
  db: Database;
  sql: ReturnType<typeof createDb>["sql"];
  /** graphile-worker's pool on the same database. */
  pool: pg.Pool;
  /** Undoes it all: the worker (or hub), the sandbox, the pools, the database. */
  stop(): Promise<void>;
}

/** A fresh clone of the template database, with drizzle and graphile-worker pools on it. */
async function database(dbMax: number) {
  const clone = await cloneTemplate();
  const client = createDb(clone.url, { max: dbMax });
  const pool = createWorkerPool(clone.url, log, 4);
  const close = async () => {
    await pool.end();
    await client.close();
    await clone.drop();
  };
  return { db: client.db, sql: client.sql, pool, close };
}

/** The real sandbox, or none (with the reason) for tasks that need none; `close` releases it. */
function sandboxOf(use: true | string, driver?: "docker" | "bwrap") {
  const chosen: Promise<SandboxChoice> = use === true ? selectSandbox(driver) : Promise.resolve({ ok: false, reason: use });
  return {
    get: () => chosen,
    close: async () => {
      const choice = await chosen;
      if (choice.ok) await choice.sandbox.close();
    },
  };
}

/** The whole worker (graphile-worker's runner and every task) on its own database, for one test file. */
export async function startTestWorker(options: {
  concurrency: number;
  /** true: the real sandbox; a string: none, for this reason. */
  sandbox: true | string;
  dbMax?: number;
  mailer?: Mailer;
  livekit?: live.LiveKitConfig;
  gradingLanes?: number;
  /** The sandbox driver; default: as the server picks (SANDBOX_DRIVER, else Docker, else bubblewrap). */
  driver?: "docker" | "bwrap";
}): Promise<Harness> {
  const { db, sql, pool, close } = await database(options.dbMax ?? 6);
  const sandbox = sandboxOf(options.sandbox, options.driver);
  const worker = await startWorker({
    pgPool: pool,
    db,
    log,
    mailer: options.mailer ?? { send: async () => {} },
    concurrency: options.concurrency,
    sandbox: sandbox.get,
    livekit: options.livekit,
    gradingLanes: options.gradingLanes,
  });
  return {
    db,
    sql,
    pool,
    stop: async () => {
      await worker.stop();
      await sandbox.close();
      await close();
    },
  };
}

/**
 * The run_code task alone, with the real sandbox and input hub, on its own database: no runner;
 * `runQueuedJobs` runs every queued job once, as graphile-worker's own tests do.
 */
export async function startRunCodeHarness(dbMax = 6): Promise<Harness & { runQueuedJobs(): Promise<void> }> {
  const { db, sql, pool, close } = await database(dbMax);
  const sandbox = sandboxOf(true);
  const inputs = run.createNotifyHub((channel, onPayload) => sql.listen(channel, onPayload), runInputChannel);
  await inputs.ready;
  const tasks = { run_code: runCode({ db, log, sandbox: sandbox.get, inputs }) };
  return {
    db,
    sql,
    pool,
    async runQueuedJobs() {
      const client = await pool.connect();
      try {
        await runTaskListOnce({ logger: new Logger(() => () => {}) }, tasks, client).promise;
      } finally {
        client.release();
      }
    },
    stop: async () => {
      await inputs.close();
      await sandbox.close();
      await close();
    },
  };
}
