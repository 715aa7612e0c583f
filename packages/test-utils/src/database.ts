import { randomBytes } from "node:crypto";
import { createDb, type Database } from "@codeclass/db";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { templateName, withDatabase } from "./global-setup.ts";

export interface TestDatabase {
  url: string;
  db: Database;
  sql: ReturnType<typeof postgres>;
}

/** Clones the migrated template into a fresh database (fast: a file copy in Postgres). */
export async function cloneTemplate(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("pgAdminUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${templateName}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * One database per test file: call at the top of the file; the returned object is filled in
 * before the first test and the database is dropped after the last.
 */
export function useTestDatabase(): TestDatabase {
  const handle = {} as TestDatabase;
  let drop = async () => {};
  let close = async () => {};
  beforeAll(async () => {
    const clone = await cloneTemplate();
    drop = clone.drop;
    const { db, sql, close: c } = createDb(clone.url, { max: 5 });
    Object.assign(handle, { url: clone.url, db, sql });
    close = c;
  });
  afterAll(async () => {
    await close();
    await drop();
  });
  return handle;
}
