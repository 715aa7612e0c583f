import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { runMigrations } from "@codeclass/db";
import { startEmbeddedPostgres } from "@codeclass/db/embedded";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import postgres from "postgres";
import type { TestProject } from "vitest/node";

export const templateName = "codeclass_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the test Postgres server (database "postgres"). */
    pgAdminUrl: string;
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once("error", reject);
  });
}

/**
 * Once per test run: a Postgres server (TEST_DATABASE_URL's, else a throwaway embedded one)
 * and a template database with every migration applied. Test files clone the template.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-test-pg-"));
    fs.chmodSync(dataDir, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort() });
    adminUrl = pg.adminUrl;
    stop = async () => {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${templateName}`);
  await admin.unsafe(`create database ${templateName}`);
  await admin.end();
  const templateUrl = withDatabase(adminUrl, templateName);
  await runMigrations(templateUrl);
  await runWorkerMigrations({ connectionString: templateUrl, logger: undefined });
  project.provide("pgAdminUrl", adminUrl);
  return stop;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
