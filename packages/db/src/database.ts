import path from "node:path";
import { startEmbeddedPostgres } from "./embedded.ts";
import { runMigrations } from "./migrate.ts";
import { dataDir } from "./paths.ts";

export interface ResolvedDatabase {
  url: string;
  /** "external" when DATABASE_URL was set, else "embedded". */
  kind: "external" | "embedded";
  /** Stops the embedded Postgres if this process started it. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL set: that server. Unset: embedded Postgres with its data in `<DATA_DIR>/postgres`
 * (EMBEDDED_PG_DIR, EMBEDDED_PG_PORT override), reached as a role that is not a superuser.
 * Migrations are applied either way.
 */
export async function resolveDatabase(env: NodeJS.ProcessEnv = process.env, onLog?: (line: string) => void): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    await runMigrations(env.DATABASE_URL);
    return { url: env.DATABASE_URL, kind: "external", stop: async () => {} };
  }
  const handle = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_PG_DIR ?? path.join(dataDir(env), "postgres"),
    port: Number(env.EMBEDDED_PG_PORT ?? 54329),
    onLog,
  });
  await runMigrations(handle.url);
  return { url: handle.url, kind: "embedded", stop: () => handle.stop() };
}
