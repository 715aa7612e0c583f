import path from "node:path";
import { databaseEnvSchema, dataDir } from "@codeclass/db";
import { mailEnvSchema } from "@codeclass/mail";
import { backup, live, storageEnvSchema } from "@codeclass/services";
import { z } from "zod";

const schema = databaseEnvSchema.extend(mailEnvSchema.shape).extend({
  ...storageEnvSchema.shape,
  ...backup.backupEnvSchema.shape,
  // The breakout timer deletes the groups' video rooms through LiveKit's server API.
  ...live.liveKitEnvSchema.shape,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_CONCURRENCY: z.coerce
    .number({ error: "WORKER_CONCURRENCY must be a number" })
    .int()
    .min(1, { error: "WORKER_CONCURRENCY must be at least 1" })
    .max(64, { error: "WORKER_CONCURRENCY must be at most 64" })
    // Unset: @codeclass/worker's defaultConcurrency (4 per CPU, 4 to 32).
    .optional(),
});

export type Env = z.infer<typeof schema> & {
  /** Where runtime data lives (DATA_DIR, else the same default as the server's). */
  dataDir: string;
  /** Where backups go (BACKUP_DIR, else `<dataDir>/backups`). */
  backupDir: string;
};

/** Reads and checks the standalone worker's environment; a mistake throws with what to set. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!parsed.success)
    throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  const dir = dataDir(source);
  const backupDir = parsed.data.BACKUP_DIR ? path.resolve(parsed.data.BACKUP_DIR) : path.join(dir, "backups");
  return { ...parsed.data, dataDir: dir, backupDir };
}
