import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, RestoreError } from "@codeclass/db";
import * as services from "@codeclass/services";
import { enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { createFile, getFiles } from "@codeclass/workspace-doc";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import * as Y from "yjs";

const t = useTestDatabase();
const { backup, diskStorage } = services;

let tmp: string;
const fresh: { name: string; url: string }[] = [];
/** A one-connection client; `end` closes it. */
const connect = (url: string) => createDb(url, { max: 1 });
const admin = () => connect(inject("pgAdminUrl"));

/** A new, empty database (no tables at all), as an operator would create for a restore. */
async function emptyDatabase(): Promise<string> {
  const name = `restore_${randomBytes(5).toString("hex")}`;
  const { sql, close } = admin();
  await sql.unsafe(`create database ${name}`);
  await close();
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${name}`;
  fresh.push({ name, url: url.toString() });
  return url.toString();
}

/** Every row of every public table, as text, in a stable order: two databases hold the same data iff equal. */
async function contents(url: string): Promise<Record<string, string[]>> {
  const { sql, close } = connect(url);
  try {
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await sql.unsafe(`select t::text as row from public."${name}" t`);
      out[name] = rows.map((r) => r.row as string).sort();
    }
    return out;
  } finally {
    await close();
  }
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-backup-test-"));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
  const { sql, close } = admin();
  for (const db of fresh) await sql.unsafe(`drop database if exists ${db.name} with (force)`);
  await close();
});

describe("backup and restore", () => {
  test("a restored backup holds every user, workspace document, run and stored file, and new rows get new ids", async () => {
    const instructor = await makeUser(t.db, { role: "instructor", name: "Ines" });
    const course = await makeCourse(t.db, instructor);
    const student = await makeUser(t.db, { name: "Sam" });
    await enroll(t.db, course.id, student.id, "student");
    // A workspace whose document is in its snapshot plus one logged update on top.
    const doc = new Y.Doc();
    createFile(doc, "main.py", "print('hi')\n");
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    const [ws] = await t.sql<{ id: string }[]>`
      insert into workspaces (course_id, owner_id, kind, state) values (${course.id}, ${student.id}, 'student', ${state}) returning id`;
    const later = new Y.Doc();
    Y.applyUpdate(later, state);
    const before = Y.encodeStateVector(later);
    getFiles(later).get("main.py")!.insert(0, "# edited\n");
    const update = Buffer.from(Y.encodeStateAsUpdate(later, before));
    await t.sql`insert into workspace_updates (workspace_id, author_id, update, bytes) values (${ws!.id}, ${student.id}, ${update}, ${update.length})`;
    const [run] = await t.sql<{ id: string }[]>`
      insert into runs (user_id, course_id, workspace_id, language, files_hash, files, status, verdict, finished_at)
      values (${student.id}, ${course.id}, ${ws!.id}, 'python', 'h', '[{"name":"main.py","content":"print(1)"}]'::jsonb, 'finished', 'OK', now())
      returning id`;
    await t.sql`insert into audit_log (actor_id, action, target_type, target_id) values (${instructor.id}, 'test.backup', 'course', ${course.id})`;
    const storage = diskStorage(path.join(tmp, "uploads"));
    await storage.put(`avatars/${student.id}/v1.webp`, Buffer.from("not really a webp"), "image/webp");

    const { dir, manifest } = await backup.createBackup({ url: t.url, storage, root: path.join(tmp, "backups") });
    expect(path.basename(dir)).toMatch(/^codeclass-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(manifest.database.tables.find((x) => x.name === "workspaces")?.rows).toBe(1);
    expect(manifest.files).toEqual([{ key: `avatars/${student.id}/v1.webp`, contentType: "image/webp", size: 17 }]);

    const target = await emptyDatabase();
    const restoredStorage = diskStorage(path.join(tmp, "restored-uploads"));
    await backup.restoreBackup({ url: target, storage: restoredStorage, dir });

    expect(await contents(target)).toEqual(await contents(t.url));
    const { db, sql, close } = createDb(target, { max: 2 });
    try {
      // The document reads back the same: snapshot plus the logged update.
      const loaded = new Y.Doc();
      await services.workspace.loadWorkspaceDoc(db, ws!.id, loaded);
      expect(getFiles(loaded).get("main.py")?.toString()).toBe("# edited\nprint('hi')\n");
      const [r] = await sql<{ verdict: string; user_id: string }[]>`select verdict, user_id from runs where id = ${run!.id}`;
      expect(r).toEqual({ verdict: "OK", user_id: student.id });
      const [u] = await sql<{ email: string; name: string }[]>`select email, name from "user" where id = ${student.id}`;
      expect(u).toEqual({ email: student.email, name: "Sam" });
      // Sequences moved past the restored ids: new log rows do not collide.
      const [a] = await sql<{ id: number }[]>`
        insert into audit_log (actor_id, action, target_type, target_id) values (${instructor.id}, 'after.restore', 'course', ${course.id}) returning id`;
      const [maxBefore] = await t.sql<{ id: number }[]>`select max(id)::int as id from audit_log`;
      expect(Number(a!.id)).toBeGreaterThan(maxBefore!.id);
      await sql`insert into workspace_updates (workspace_id, update, bytes) values (${ws!.id}, ${update}, ${update.length})`;
    } finally {
      await close();
    }
    const avatar = await restoredStorage.get(`avatars/${student.id}/v1.webp`);
    expect(avatar?.contentType).toBe("image/webp");
    expect(avatar?.size).toBe(17);
  });

  test("restore refuses a database that already holds data, and a folder that is not a whole backup", async () => {
    const storage = diskStorage(path.join(tmp, "uploads-2"));
    await makeUser(t.db);
    const { dir } = await backup.createBackup({ url: t.url, storage, root: path.join(tmp, "backups-2") });
    await expect(backup.restoreBackup({ url: t.url, storage, dir })).rejects.toThrow(RestoreError);
    await expect(backup.restoreBackup({ url: t.url, storage, dir })).rejects.toThrow(/not empty .*restore into a new, empty database/);
    await expect(backup.restoreBackup({ url: await emptyDatabase(), storage, dir: `${dir}.partial` })).rejects.toThrow(
      /not a Codeclass backup/,
    );
  });

  test("a backup made by a newer version (an unknown migration) is refused before anything is written", async () => {
    const storage = diskStorage(path.join(tmp, "uploads-3"));
    const { dir, manifest } = await backup.createBackup({ url: t.url, storage, root: path.join(tmp, "backups-3") });
    manifest.database.migrations.push({ hash: "f".repeat(64), createdAt: Date.now() + 1e9 });
    await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    const target = await emptyDatabase();
    await expect(backup.restoreBackup({ url: target, storage, dir })).rejects.toThrow(/made by a newer Codeclass/);
    expect(Object.keys(await contents(target))).toEqual([]);
  });

  test("pruning keeps seven days of backups and always the newest whole one", async () => {
    const root = path.join(tmp, "prune");
    const names = [
      "codeclass-2026-11-20T03-00-00Z",
      "codeclass-2026-11-25T03-00-00Z",
      "codeclass-2026-11-30T03-00-00Z",
      "codeclass-2026-12-01T02-00-00Z.partial",
      "codeclass-2026-12-02T02-00-00Z.partial",
      "not-a-backup",
    ];
    for (const n of names) await fs.mkdir(path.join(root, n), { recursive: true });
    const deleted = await backup.pruneBackups(root, 7, new Date("2026-12-02T03:00:00Z"));
    expect(deleted.sort()).toEqual(["codeclass-2026-11-20T03-00-00Z", "codeclass-2026-12-01T02-00-00Z.partial"]);
    expect((await fs.readdir(root)).sort()).toEqual([
      "codeclass-2026-11-25T03-00-00Z",
      "codeclass-2026-11-30T03-00-00Z",
      "codeclass-2026-12-02T02-00-00Z.partial",
      "not-a-backup",
    ]);
    // Even when every backup is old, the newest whole one stays.
    expect(await backup.pruneBackups(root, 7, new Date("2027-06-01T00:00:00Z"))).not.toContain("codeclass-2026-11-30T03-00-00Z");
  });
});
