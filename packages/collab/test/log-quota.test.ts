import { callerFor, eventually, useTestDatabase } from "@codeclass/test-utils";
import { createFile, getFiles } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import { acknowledged, makeClass, openDoc, useCleanup, useCollabServer } from "./helpers.ts";

const t = useTestDatabase();
const quota = 8 * 1024;
const server = useCollabServer(t, { maxLogBytes: quota });
// A second server on the same database: it learns the log's size when it loads the document.
const other = useCollabServer(t, { maxLogBytes: quota });
useCleanup();

const logBytes = async (workspaceId: string) =>
  (await t.sql`select coalesce(sum(bytes), 0)::int as n from workspace_updates where workspace_id = ${workspaceId}`)[0]!.n as number;

describe("a workspace's edit history has a size limit", () => {
  test("edits past it are refused, naming the limit; the log stays within it; a server that loads the document later refuses too", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const writer = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(writer));
    createFile(writer.doc, "main.py", "");
    // One keystroke at a time, as a script that never stops typing would.
    for (let i = 0; i < 2000 && writer.closes.length === 0; i++) {
      getFiles(writer.doc).get("main.py")?.insert(0, "x");
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(() => expect(writer.closes.join()).toMatch(/edit history has reached its limit of 8 KiB; ask your instructor/));
    writer.provider.destroy();
    // Edits applied before the refusal may still be committing: the log's size once it stops moving.
    let logged = -1;
    await eventually(
      async () => {
        const now = await logBytes(ws.id);
        const settled = now === logged;
        logged = now;
        expect(settled).toBe(true);
      },
      10_000,
      300,
    );
    expect(logged).toBeGreaterThan(quota / 2);
    expect(logged).toBeLessThanOrEqual(quota);

    const later = openDoc(other.url, ws.documentName, await c.token(c.student));
    await eventually(() => expect(later.provider.isSynced).toBe(true));
    // One more keystroke, the size of those that filled it: refused only if the size was read at load.
    getFiles(later.doc).get("main.py")!.insert(0, "x");
    await eventually(() => expect(later.closes.join()).toMatch(/reached its limit/));
    expect(await logBytes(ws.id)).toBe(logged);

    // Another workspace is not affected.
    const mine = await callerFor(t.db, c.classmate).workspace.getOrCreate({ courseId: c.course.id });
    const classmate = openDoc(server.url, mine.documentName, await c.token(c.classmate));
    await eventually(() => acknowledged(classmate));
    createFile(classmate.doc, "main.py", "print(1)\n");
    await eventually(() => acknowledged(classmate));
    expect(classmate.closes).toEqual([]);
  });
});
