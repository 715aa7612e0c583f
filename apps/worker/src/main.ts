import { createDb, databaseEnv, resolveDatabase } from "@codeclass/db";
import { mailerFromEnv } from "@codeclass/mail";
import { live, storageFromEnv } from "@codeclass/services";
import { createWorkerPool, defaultConcurrency, migrateWorker, startWorker } from "@codeclass/worker";
import pino from "pino";
import { loadEnv } from "./env.ts";

/** A standalone worker process: scale by running more of these against the same DATABASE_URL. */
const env = loadEnv();
const log = pino({ name: "codeclass-worker", level: env.LOG_LEVEL });
const database = await resolveDatabase(databaseEnv(env), (line) => log.debug({ component: "postgres" }, line));
const pgPool = createWorkerPool(database.url, log);
await migrateWorker(pgPool, log);
const concurrency = env.WORKER_CONCURRENCY ?? defaultConcurrency();
const { db, close: closeDb } = createDb(database.url, { max: concurrency + 2 });
const runner = await startWorker({
  pgPool,
  db,
  log,
  mailer: mailerFromEnv(env, log.child({ component: "mailer" })),
  concurrency,
  livekit: live.liveKitFromEnv(env),
  backup: {
    url: database.url,
    storage: storageFromEnv(env, env.dataDir),
    root: env.backupDir,
    schedule: env.BACKUP_SCHEDULE === "off" ? null : env.BACKUP_SCHEDULE,
    keepDays: env.BACKUP_KEEP_DAYS,
  },
});
log.info("worker started");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    log.info({ signal }, "worker stopping");
    await runner.stop();
    await pgPool.end();
    await closeDb();
    await database.stop();
    process.exit(0);
  });
}
