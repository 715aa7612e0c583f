import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "@codeclass/db";
import { eventually, useTestDatabase } from "@codeclass/test-utils";
import { createFile, filesOf, getFiles } from "@codeclass/workspace-doc";
import * as encoding from "lib0/encoding";
import { afterAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
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

/** A Hocuspocus update message carrying `update` for `documentName` (what a provider sends). */
function updateMessage(documentName: string, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, documentName);
  encoding.writeVarUint(e, 0); // sync
  encoding.writeVarUint(e, 2); // update
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

describe("an update with a gap", () => {
  test("is refused and never logged: everyone keeps editing, also after a restart that reloads the document", async () => {
    const { c, ws, token, first, writer } = await studentWriting();
    createFile(writer.doc, "main.py", "print(1)\n");
    await eventually(() => acknowledged(writer), 15_000);
    // A copy of the document whose first edit is withheld; only the next one is sent. It refers
    // only to text the server has, but its clock starts past anything the server has seen.
    const side = new Y.Doc();
    Y.applyUpdate(side, Y.encodeStateAsUpdate(writer.doc));
    getFiles(side).get("main.py")!.insert(0, "withheld ");
    const seen = Y.encodeStateVector(side);
    getFiles(side).get("main.py")!.insert(getFiles(side).get("main.py")!.length, "# gap\n");
    const gapped = Y.encodeStateAsUpdate(side, seen);
    const rows = async () => (await t.sql`select count(*)::int as n from workspace_updates where workspace_id = ${ws.id}`)[0]!.n;
    const rowsBefore = await rows();

    const attacker = openDoc(first.url, ws.documentName, token);
    await eventually(() => acknowledged(attacker), 15_000);
    attacker.provider.configuration.websocketProvider.send(updateMessage(ws.documentName, gapped));
    await eventually(() => expect(attacker.closes.join()).toMatch(/depends on edits the server does not have/));
    expect(await rows()).toBe(rowsBefore);

    // Others still edit, and see each other's edits.
    const instructor = openDoc(first.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(instructor), 15_000);
    getFiles(instructor.doc).get("main.py")!.insert(0, "# reviewed\n");
    await eventually(() => acknowledged(instructor));
    getFiles(writer.doc).get("main.py")!.insert(getFiles(writer.doc).get("main.py")!.length, "print(2)\n");
    await eventually(() => acknowledged(writer));
    const expected = "# reviewed\nprint(1)\nprint(2)\n";
    await eventually(() => expect(getFiles(instructor.doc).get("main.py")!.toString()).toBe(expected));

    // A restart reloads the document from Postgres: it takes edits as before.
    const exited = new Promise((r) => first.child.once("exit", r));
    first.child.kill("SIGKILL");
    await exited;
    for (const client of [writer, attacker, instructor]) client.provider.destroy();
    const second = await startServer();
    const again = openDoc(second.url, ws.documentName, token);
    await eventually(() => acknowledged(again), 15_000);
    expect(getFiles(again.doc).get("main.py")!.toString()).toBe(expected);
    getFiles(again.doc).get("main.py")!.insert(0, "# after restart\n");
    await eventually(() => acknowledged(again), 15_000);
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "main.py", content: `# after restart\n${expected}` }]);
    second.child.kill("SIGKILL");
  }, 60_000);
});
