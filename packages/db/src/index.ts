export { type DatabaseDump, dumpDatabase, RestoreError, restoreDatabase } from "./backup.ts";
export * from "./client.ts";
export { type ResolvedDatabase, resolveDatabase } from "./database.ts";
export { databaseEnv, databaseEnvSchema } from "./env.ts";
export { createDatabaseProbe, type DatabaseProbe } from "./health.ts";
export { runMigrations } from "./migrate.ts";
export { dataDir, legacyDataDir, repoRoot } from "./paths.ts";
export * as schema from "./schema/index.ts";
export * from "./schema/index.ts";
