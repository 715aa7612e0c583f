import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDb } from "@codeclass/db";
import { enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { afterAll, expect, inject, test } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const t = useTestDatabase();
const created: string[] = [];

/** `pnpm codeclass …` as an operator runs it. */
async function codeclass(env: NodeJS.ProcessEnv, ...args: string[]) {
  return run(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "apps/server/src/cli.ts"), ...args], {
    env: { ...process.env, BETTER_AUTH_SECRET: "cli-test-secret-cli-test-secret-0123", ...env },
    cwd: repoRoot,
  }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

async function newDatabase(): Promise<string> {
  const name = `cli_restore_${randomBytes(5).toString("hex")}`;
  const admin = createDb(inject("pgAdminUrl"), { max: 1 });
  await admin.sql.unsafe(`create database ${name}`);
  await admin.close();
  created.push(name);
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  const admin = createDb(inject("pgAdminUrl"), { max: 1 });
  for (const name of created) await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
  await admin.close();
});

test("backup from the terminal, restore into a new database: the same users and enrollments; a second restore is refused", async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "codeclass-backup-cli-"));
  try {
    const course = await makeCourse(t.db, undefined, { code: `BK-${Date.now().toString(36)}` });
    const student = await makeUser(t.db, { name: "Restored Student" });
    await enroll(t.db, course.id, student.id, "student");

    const made = await codeclass({ DATABASE_URL: t.url, DATA_DIR: dataDir }, "backup", "--keep-days", "7");
    expect(made.code, made.out).toBe(0);
    expect(made.out).toMatch(/backup written to .*codeclass-\S+Z: \d+ tables, \d+ rows, 0 files/);
    const [folder] = await readdir(path.join(dataDir, "backups"));
    expect(folder).toMatch(/^codeclass-.*Z$/);

    const target = await newDatabase();
    const restored = await codeclass({ DATABASE_URL: target, DATA_DIR: dataDir }, "restore", path.join(dataDir, "backups", folder!));
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain("restored the backup of");
    const db = createDb(target, { max: 1 });
    try {
      const rows =
        await db.sql`select u.name, c.code from enrollments e join "user" u on u.id = e.user_id join courses c on c.id = e.course_id where u.id = ${student.id}`;
      expect(rows.map((r) => ({ ...r }))).toEqual([{ name: "Restored Student", code: course.code }]);
      const counts = async (sql: typeof db.sql) =>
        (await sql`select (select count(*) from "user")::int as users, (select count(*) from courses)::int as courses`)[0];
      expect(await counts(db.sql)).toEqual(await counts(t.sql));
    } finally {
      await db.close();
    }

    const again = await codeclass({ DATABASE_URL: target, DATA_DIR: dataDir }, "restore", path.join(dataDir, "backups", folder!));
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/error: the database is not empty/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 180_000);
