import { callerFor, eventually, useTestDatabase } from "@codeclass/test-utils";
import { whiteboardDocumentName } from "@codeclass/validators";
import { createFile, getFiles } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { acknowledged, liveSession, loadWorkspaceFiles, makeClass, openDoc, useCleanup, useCollabServer } from "./helpers.ts";

const t = useTestDatabase();
// One unacknowledged write is enough to make a connection's next update wait for the disk.
const server = useCollabServer(t, { maxPendingWrites: 1 });
useCleanup();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `during` while every INSERT into `table` waits on an advisory lock the test holds, so the
 * first update's log write stays pending and the next one waits (backpressure) until it is released.
 */
async function withLogWritesHeld(table: string, during: () => Promise<void>) {
  const held = await t.sql.reserve();
  await held`select pg_advisory_lock(4242)`;
  await t.sql.unsafe(`
    create function hold_log_insert() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(4242);
      return null;
    end $$;
    create trigger hold_log_insert before insert on ${table} for each statement execute function hold_log_insert();`);
  try {
    await during();
  } finally {
    await held`select pg_advisory_unlock(4242)`;
    held.release();
    await t.sql.unsafe(`drop trigger hold_log_insert on ${table}; drop function hold_log_insert();`);
  }
}

/** The server's side of every connection of `documentName` whose user is `userId`. */
const serverConnections = (documentName: string, userId: string) =>
  (server.collab.hocuspocus.documents.get(documentName)?.getConnections() ?? []).filter(
    (c) => (c.context as { userId?: string }).userId === userId,
  );

describe("an update that waited for the disk is checked again", () => {
  test("a workspace turned read-only while an update waited: the update is not applied or logged", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    await withLogWritesHeld("workspace_updates", async () => {
      createFile(student.doc, "first.py", "1");
      await eventually(() => expect(getFiles(instructor.doc).has("first.py")).toBe(true));
      createFile(student.doc, "second.py", "2"); // waits: the first write is not committed
      await sleep(300);
      // The course is archived meanwhile: the access re-check turns the owner read-only.
      await t.sql`update courses set archived_at = now() where id = ${c.course.id}`;
      await eventually(() => expect(serverConnections(ws.documentName, c.student.id).map((x) => x.readOnly)).toEqual([true]), 5000);
    });
    await eventually(() => expect(student.provider.unsyncedChanges).toBe(1), 5000);
    await sleep(300);
    expect(getFiles(instructor.doc).has("second.py")).toBe(false);
    expect(getFiles(server.collab.hocuspocus.documents.get(ws.documentName)!).has("second.py")).toBe(false);
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "first.py", content: "1" }]);
    expect(await t.sql`select count(*)::int as n from workspace_updates where workspace_id = ${ws.id}`).toEqual([{ n: 1 }]);
  });

  test("a whiteboard whose students' drawing was withdrawn while a stroke waited: the stroke is not applied or logged", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    await callerFor(t.db, c.instructor).whiteboard.setStudents({ sessionId, allowed: true });
    const name = whiteboardDocumentName(sessionId);
    const staff = openDoc(server.url, name, await c.token(c.instructor));
    const student = openDoc(server.url, name, await c.token(c.student));
    await eventually(() => [staff, student].forEach(acknowledged));
    const elements = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>("elements");
    const draw = (id: string) => {
      const m = new Y.Map<unknown>();
      m.set("el", { id, type: "rectangle", x: 1, y: 2, width: 3, height: 4, version: 1, versionNonce: 1, isDeleted: false });
      m.set("pos", `a${elements(student.doc).length}`);
      elements(student.doc).push([m]);
    };
    const ids = (doc: Y.Doc) => elements(doc).map((m) => (m.get("el") as { id: string }).id);
    await withLogWritesHeld("whiteboard_updates", async () => {
      draw("allowed");
      await eventually(() => expect(ids(staff.doc)).toEqual(["allowed"]));
      draw("late"); // waits: the first write is not committed
      await sleep(300);
      await callerFor(t.db, c.instructor).whiteboard.setStudents({ sessionId, allowed: false });
      await eventually(() => expect(serverConnections(name, c.student.id).map((x) => x.readOnly)).toEqual([true]), 5000);
    });
    await eventually(() => expect(student.provider.unsyncedChanges).toBe(1), 5000);
    await sleep(300);
    expect(ids(staff.doc)).toEqual(["allowed"]);
    expect(await t.sql`select count(*)::int as n from whiteboard_updates where session_id = ${sessionId}`).toEqual([{ n: 1 }]);
  });
});
