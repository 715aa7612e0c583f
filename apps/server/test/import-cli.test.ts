import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { makeCourse, useTestDatabase } from "@codeclass/test-utils";
import { expect, test } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const t = useTestDatabase();

/** `pnpm codeclass import …` as an operator runs it, against the test database, from another folder. */
async function codeclassImport(cwd: string, ...args: string[]) {
  const env = { ...process.env, DATABASE_URL: t.url, BETTER_AUTH_SECRET: "cli-test-secret-cli-test-secret-0123", INIT_CWD: cwd };
  return run(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "apps/server/src/cli.ts"), "import", ...args], {
    env,
    cwd: repoRoot,
  }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

test("import from the terminal: a dry run names the bad rows and writes nothing; a good file imports all or nothing, once", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codeclass-import-"));
  const course = await makeCourse(t.db, undefined, { code: `CLI-${Date.now().toString(36)}` });
  const stamp = Date.now().toString(36);
  const bad = `email,name,course,role\r\na-${stamp}@school.test,Ada,${course.code},student\r\nnot-an-email,Bob,${course.code},student\r\n`;
  await writeFile(path.join(dir, "bad.csv"), `\uFEFF${bad}`);
  const users = async () => (await t.sql`select count(*)::int as n from "user"`)[0]!.n as number;
  const before = await users();

  const dry = await codeclassImport(dir, "bad.csv", "--dry-run");
  expect(dry.code).toBe(1);
  expect(dry.out).toContain("roster: 2 rows, 1 with errors");
  expect(dry.out).toMatch(/line 3, email: must be a valid address/);
  const refused = await codeclassImport(dir, "bad.csv");
  expect(refused.code).toBe(1);
  expect(refused.out).toContain("nothing was written");
  expect(await users()).toBe(before);

  await writeFile(path.join(dir, "good.csv"), bad.replace("not-an-email", `b-${stamp}@school.test`));
  const imported = await codeclassImport(dir, "good.csv");
  expect(imported.code, imported.out).toBe(0);
  expect(imported.out).toContain("users:       2 new, 0 updated, 0 unchanged");
  expect(imported.out).toContain("enrollments: 2 new, 0 updated, 0 unchanged");
  expect(await users()).toBe(before + 2);
  const again = await codeclassImport(dir, "good.csv", "--kind", "roster");
  expect(again.out).toContain("enrollments: 0 new, 0 updated, 2 unchanged");
  expect(await users()).toBe(before + 2);
}, 180_000); // four runs of the CLI, each starting tsx and a database connection
