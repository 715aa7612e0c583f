import { logMailer } from "@codeclass/auth";
import { resolveDatabase } from "@codeclass/db";
import { createWorkerPool, migrateWorker, startWorker } from "@codeclass/worker";
import pino from "pino";

/** A standalone worker process: scale by running more of these against the same DATABASE_URL. */
const log = pino({ name: "codeclass-worker", level: process.env.LOG_LEVEL ?? "info" });
const database = await resolveDatabase(process.env, (line) => log.debug({ component: "postgres" }, line));
const pgPool = createWorkerPool(database.url, log);
await migrateWorker(pgPool, log);
const runner = await startWorker({
  pgPool,
  log,
  mailer: logMailer(log),
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
});
log.info("worker started");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    log.info({ signal }, "worker stopping");
    await runner.stop();
    await pgPool.end();
    await database.stop();
    process.exit(0);
  });
}
