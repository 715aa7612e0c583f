import { backup as backups, type ObjectStorage } from "@codeclass/services";
import type { Task } from "graphile-worker";
import type { Logger } from "pino";

export interface BackupSettings {
  /** The database URL to back up (the app role's). */
  url: string;
  storage: ObjectStorage;
  /** The folder the backups are kept in. */
  root: string;
  /** A cron time (graphile-worker's crontab syntax), or null for no schedule. */
  schedule: string | null;
  keepDays: number;
}

/** The scheduled backup: one new backup folder, then the ones past the retention deleted. */
export function backupTask(settings: BackupSettings, log: Logger): Task {
  return async () => {
    const started = Date.now();
    const { dir, manifest } = await backups.createBackup({ url: settings.url, storage: settings.storage, root: settings.root });
    const deleted = await backups.pruneBackups(settings.root, settings.keepDays);
    log.info(
      { dir, tables: manifest.database.tables.length, files: manifest.files.length, deleted, ms: Date.now() - started },
      "backup written",
    );
  };
}
