import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, dataDir, repoRoot } from "@codeclass/db";
import { startEmbeddedPostgres } from "@codeclass/db/embedded";
import { freePort } from "@codeclass/test-utils";
import { afterAll, expect, test } from "vitest";

// Issue 9, items 1 and 8: runtime data lives outside the repository, and the embedded Postgres
// neither runs with the server's secrets in its environment nor lets the app connect as a superuser.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-isolation-"));
fs.chmodSync(dir, 0o755);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the default data directory is outside the repository (no web server of the repo's files reaches it); DATA_DIR moves it", () => {
  for (const env of [{ HOME: "/home/ada" }, { XDG_DATA_HOME: "/srv/share" }, {}]) {
    const chosen = dataDir(env);
    expect(path.isAbsolute(chosen)).toBe(true);
    expect(path.relative(repoRoot, chosen).startsWith(".."), chosen).toBe(true);
  }
  expect(dataDir({ DATA_DIR: "/srv/codeclass" })).toBe("/srv/codeclass");
});

test("the app's role is not a superuser, and Postgres's environment holds none of the server's", async () => {
  const canary = `canary-${randomBytes(8).toString("hex")}`;
  process.env.CODECLASS_ISOLATION_CANARY = canary;
  process.env.BETTER_AUTH_SECRET_FOR_TEST = canary;
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: await freePort() });
  const { sql: app } = createDb(pg.url, { max: 1 });
  const { sql: admin } = createDb(pg.adminUrl, { max: 1 });
  try {
    const [me] = await app<{ rolsuper: boolean; rolcreaterole: boolean }[]>`
      select rolsuper, rolcreaterole from pg_roles where rolname = current_user`;
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false });
    // The attack: read a server process's environment through SQL.
    await expect(app`select pg_read_binary_file('/proc/self/environ')`).rejects.toThrow(/permission denied/);
    // Even the superuser finds nothing of ours in the environment of any Postgres process
    // (the postmaster and its children; backends overwrite theirs with their process title).
    const postmaster = Number(fs.readFileSync(path.join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    const [row] = await admin<{ hex: string }[]>`select encode(pg_read_binary_file(${`/proc/${postmaster}/environ`}), 'hex') as hex`;
    const fromSql = Buffer.from(row!.hex, "hex").toString("utf8");
    expect(fromSql).toContain("PATH=");
    expect(fromSql).not.toContain(canary);
    for (const pid of [postmaster, ...childrenOf(postmaster)]) {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      expect(environ, `pid ${pid}`).not.toContain(canary);
      expect(environ, `pid ${pid}`).not.toContain("CODECLASS_ISOLATION_CANARY");
    }
    // The app role owns its database, so migrations (DDL) work.
    await app`create table isolation_probe (id int)`;
    await app`drop table isolation_probe`;
  } finally {
    delete process.env.CODECLASS_ISOLATION_CANARY;
    delete process.env.BETTER_AUTH_SECRET_FOR_TEST;
    await app.end();
    await admin.end();
    await pg.stop();
  }
});

function childrenOf(parent: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent's pid (after the name in parentheses).
        return Number(fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ")[1]) === parent;
      } catch {
        return false;
      }
    })
    .map(Number);
}
