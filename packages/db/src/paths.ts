import os from "node:os";
import path from "node:path";

/** The repository root (this file lives in packages/db/src). */
export const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const migrationsFolder = path.join(repoRoot, "drizzle");

/**
 * Where runtime data lives (the embedded Postgres, its credentials, the development auth
 * secret): `DATA_DIR`, else a folder outside the repository, so that no web server that
 * serves the repository's files (Vite in development, a misconfigured static host) can
 * reach it. As root the embedded Postgres runs as a "postgres" system user that must reach
 * the folder, which a home directory (mode 700) does not allow: root's default is in /var/lib.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATA_DIR) return path.resolve(env.DATA_DIR);
  if (process.getuid?.() === 0) return "/var/lib/codeclass/data";
  const base = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), ".local", "share");
  return path.join(base, "codeclass");
}

/** Runtime data of versions before DATA_DIR existed, kept inside the repository. */
export const legacyDataDir = path.join(repoRoot, ".data");
