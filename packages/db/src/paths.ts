import path from "node:path";

/** The repository root (this file lives in packages/db/src). */
export const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const migrationsFolder = path.join(repoRoot, "drizzle");
