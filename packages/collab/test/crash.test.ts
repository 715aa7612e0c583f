import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "@codeclass/db";
import { eventually, useTestDatabase } from "@codeclass/test-utils";
import { afterAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { createFile, filesOf, getFiles } from "../src/doc.ts";
import { acknowledged, loadWorkspaceFiles, makeClass, openDoc, useCleanup } from "./helpers.ts";

const t = useTestDatabase();
useCleanup();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

/** Starts the collab server in its own process on the test database; resolves with its URL. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fixtures", "collab-process.ts")], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: t.url, AUTH_SECRET: "test-secret-test-secret-test-secret-0123", PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line).port);
    });
    child.once("exit", (code) => reject(new Error(`collab process exited (${code}): ${stderr}`)));
  });
  return { child, url: `ws://127.0.0.1:${port}/collab` };
}

/** A student's workspace open in a collab server process of its own, synced and ready to type. */
async function studentWriting() {
  const c = await makeClass(t);
  const ws = await c.studentWorkspace();
  const token = await c.token(c.student);
  const first = await startServer();
  const writer = openDoc(first.url, ws.documentName, token);
  await eventually(() => acknowledged(writer), 15_000);
  return { c, ws, token, first, writer };
}

describe("kill -9", () => {
  test("every acknowledged edit is there after the server is killed and restarted on the same database", async () => {
    const { c, ws, first, writer } = await studentWriting();
    createFile(writer.doc, "main.py", "");
    createFile(writer.doc, "lib/util.py", "def f():\n    return 1\n");
    const text = getFiles(writer.doc).get("main.py")!;
    for (let i = 0; i < 100; i++) text.insert(text.length, `print(${i})\n`);
    getFiles(writer.doc).delete("lib/util.py");
    text.delete(0, "print(0)\n".length);
    await eventually(() => acknowledged(writer), 15_000);
    const expected = filesOf(writer.doc);
    expect(expected[0]!.content.split("\n")).toHaveLength(100);

    const exited = new Promise((r) => first.child.once("exit", r));
    first.child.kill("SIGKILL");
    await exited;
    writer.provider.destroy();
    // No snapshot was written (they are held back in that process): only the log has the edits.
    expect(await t.sql`select state is null as empty, state_update_id from workspaces where id = ${ws.id}`).toEqual([
      { empty: true, state_update_id: "0" },
    ]);

    const second = await startServer();
    const reader = openDoc(second.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(reader), 15_000);
    expect(filesOf(reader.doc)).toEqual(expected);
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual(expected);
    second.child.kill("SIGKILL");
  }, 60_000);

  test("killed mid-typing: every edit acknowledged before the kill is there; the writer's unacknowledged ones arrive on reconnect", async () => {
    const { c, ws, token, first, writer } = await studentWriting();
    createFile(writer.doc, "main.py", "");
    await eventually(() => acknowledged(writer), 15_000);

    // Count the server's acknowledgements from here on: they come in the order the edits were sent.
    let acks = 0;
    const decrement = writer.provider.decrementUnsyncedChanges.bind(writer.provider);
    writer.provider.decrementUnsyncedChanges = () => {
      acks++;
      decrement();
    };
    const text = getFiles(writer.doc).get("main.py")!;
    let sent = 0;
    const typing = setInterval(() => text.insert(text.length, `${sent++};`), 2);
    await eventually(() => expect(acks).toBeGreaterThan(50), 15_000);
    const exited = new Promise((r) => first.child.once("exit", r));
    first.child.kill("SIGKILL");
    await exited;
    clearInterval(typing);
    const acknowledgedCount = acks; // no acknowledgement can arrive once the process is gone
    expect(sent).toBeGreaterThan(acknowledgedCount);

    const second = await startServer();
    const reader = openDoc(second.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(reader), 15_000);
    const stored = getFiles(reader.doc).get("main.py")!.toString();
    const prefix = Array.from({ length: acknowledgedCount }, (_, i) => `${i};`).join("");
    expect(stored.startsWith(prefix)).toBe(true);

    // The writer reconnects to the new server and sends what was never acknowledged.
    writer.provider.destroy();
    const again = openDoc(second.url, ws.documentName, token);
    Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(writer.doc));
    const all = Array.from({ length: sent }, (_, i) => `${i};`).join("");
    await eventually(() => expect(getFiles(reader.doc).get("main.py")!.toString()).toBe(all), 15_000);
    await eventually(() => acknowledged(again), 15_000);
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "main.py", content: all }]);
    second.child.kill("SIGKILL");
  }, 60_000);
});
