export { type CreateBackupOptions, createBackup } from "./create.ts";
export { backupEnvSchema } from "./env.ts";
export { BackupError, type BackupManifest, readManifest } from "./manifest.ts";
export { pruneBackups } from "./prune.ts";
export { restoreBackup } from "./restore.ts";
