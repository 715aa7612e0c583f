import { z } from "zod";

/** Scheduled backups: where they go, when (cron, in the server's time zone; `off` disables), how long they are kept. */
export const backupEnvSchema = z.object({
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_SCHEDULE: z
    .string()
    .regex(/^(off|(\S+\s+){4}\S+)$/, { error: "BACKUP_SCHEDULE must be a cron time such as '0 3 * * *' (daily at 03:00), or off" })
    .default("0 3 * * *"),
  BACKUP_KEEP_DAYS: z.coerce
    .number({ error: "BACKUP_KEEP_DAYS must be a number of days" })
    .int()
    .min(1, { error: "BACKUP_KEEP_DAYS must be at least 1" })
    .max(3650, { error: "BACKUP_KEEP_DAYS must be at most 3650" })
    .default(7),
});
