import { callerFor, eventually, useTestDatabase } from "@codeclass/test-utils";
import { whiteboardDocumentName } from "@codeclass/validators";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { acknowledged, type Client, liveSession, makeClass, openDoc, useCleanup, useCollabServer } from "./helpers.ts";

const t = useTestDatabase();
// Access is re-checked rarely here: the toggle must reach open connections through NOTIFY, not the re-check.
const server = useCollabServer(t, { accessRecheckMs: 60_000 });
useCleanup();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What y-excalidraw keeps: a Y.Array of Y.Maps `{ el, pos }` (the element and its fractional position). */
const elements = (c: Client) => c.doc.getArray<Y.Map<unknown>>("elements");
function draw(c: Client, id: string, version = 1) {
  const m = new Y.Map<unknown>();
  m.set("el", { id, type: "rectangle", x: 10, y: 20, width: 30, height: 40, version, versionNonce: 1, isDeleted: false });
  m.set("pos", `a${elements(c).length}`);
  elements(c).push([m]);
}
const ids = (c: Client) =>
  elements(c)
    .toArray()
    .map((m) => (m.get("el") as { id: string }).id)
    .sort();

describe("session whiteboard on /collab", () => {
  test("staff draw, students read; students draw only while allowed (NOTIFY turns open connections writable and back); non-members refused", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    const name = whiteboardDocumentName(sessionId);
    const staff = openDoc(server.url, name, await c.token(c.instructor));
    const student = openDoc(server.url, name, await c.token(c.student));
    const classmate = openDoc(server.url, name, await c.token(c.classmate));
    const outsider = openDoc(server.url, name, await c.token(c.otherInstructor));
    await eventually(() => expect(outsider.refusals.join()).toMatch(/only the course's members can open its sessions' whiteboards/));
    await eventually(() => {
      for (const x of [staff, student, classmate]) expect(x.provider.isSynced).toBe(true);
    });

    draw(staff, "staff-1");
    await eventually(() => {
      acknowledged(staff);
      expect(ids(student)).toEqual(["staff-1"]);
      expect(ids(classmate)).toEqual(["staff-1"]);
    });

    // Not allowed: the student's stroke stays on their screen only, and nothing is logged for it.
    draw(student, "student-refused");
    await sleep(400);
    expect(ids(staff)).toEqual(["staff-1"]);
    expect(ids(classmate)).toEqual(["staff-1"]);
    expect(await t.sql`select count(*)::int as n from whiteboard_updates where author_id = ${c.student.id}`).toEqual([{ n: 0 }]);

    // Staff allow students: the classmate's open connection may now write.
    await callerFor(t.db, c.instructor).whiteboard.setStudents({ sessionId, allowed: true });
    await sleep(200); // the NOTIFY reaches the server
    draw(classmate, "classmate-1");
    await eventually(() => {
      acknowledged(classmate);
      expect(ids(staff)).toEqual(["classmate-1", "staff-1"]);
    });
    expect(ids(student)).toContain("classmate-1");

    // Staff withdraw it: open student connections are read-only again.
    await callerFor(t.db, c.ta).whiteboard.setStudents({ sessionId, allowed: false });
    await sleep(200);
    draw(classmate, "classmate-late");
    await sleep(400);
    expect(ids(staff)).toEqual(["classmate-1", "staff-1"]);
    expect(
      await t.sql`select author_id from whiteboard_updates where session_id = ${sessionId} and author_id = ${c.classmate.id}`,
    ).toHaveLength(1);

    // Everyone still agrees on what the staff see, and a late reader loads it from Postgres.
    for (const x of [staff, student, classmate]) x.provider.destroy();
    await eventually(async () => {
      const [row] = await t.sql`select state_update_id from session_whiteboards where session_id = ${sessionId}`;
      expect(Number(row?.state_update_id)).toBeGreaterThan(0);
    });
    await eventually(() => expect(server.collab.stats().documents).toBe(0));
    const later = openDoc(server.url, name, await c.token(c.ta));
    await eventually(() => expect(ids(later)).toEqual(["classmate-1", "staff-1"]));
    const audit = await t.sql`select action from audit_log where target_id = ${sessionId} order by id`;
    expect(audit.map((r) => r.action)).toEqual(["whiteboard.allowStudents", "whiteboard.forbidStudents"]);
  });

  test("three clients drawing at once converge to the same elements; pointers reach the others under the real name", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    await callerFor(t.db, c.instructor).whiteboard.setStudents({ sessionId, allowed: true });
    const name = whiteboardDocumentName(sessionId);
    const clients = [
      openDoc(server.url, name, await c.token(c.instructor)),
      openDoc(server.url, name, await c.token(c.student)),
      openDoc(server.url, name, await c.token(c.classmate)),
    ];
    await eventually(() => {
      for (const x of clients) expect(x.provider.isSynced).toBe(true);
    });
    // Each draws ten shapes at once.
    for (let i = 0; i < 10; i++) for (const [n, x] of clients.entries()) draw(x, `c${n}-${i}`);
    await eventually(() => {
      for (const x of clients) {
        acknowledged(x);
        expect(ids(x)).toHaveLength(30);
      }
    });
    const states = clients.map((x) => JSON.stringify(elements(x).toJSON()));
    expect(new Set(states).size).toBe(1);

    // A pointer (y-excalidraw's awareness fields) reaches the others, under the sender's real name.
    clients[1]!.provider.setAwarenessField("pointer", { x: 5, y: 6, tool: "pointer" });
    clients[1]!.provider.setAwarenessField("user", { name: "spoofed", color: "#ff0000" });
    await eventually(() => {
      const seen = [...clients[0]!.provider.awareness!.getStates().values()].find((s) => s.pointer);
      expect(seen).toMatchObject({ pointer: { x: 5, y: 6, tool: "pointer" }, user: { id: c.student.id, color: "#ff0000" } });
      expect(seen!.user.name).not.toBe("spoofed");
    });
  });

  test("a student staff remove from the session is closed out of its whiteboard at once, and refused on reconnect; the others stay", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    const name = whiteboardDocumentName(sessionId);
    await callerFor(t.db, c.instructor).whiteboard.setStudents({ sessionId, allowed: true });
    const student = openDoc(server.url, name, await c.token(c.student));
    const classmate = openDoc(server.url, name, await c.token(c.classmate));
    await eventually(() => {
      for (const x of [student, classmate]) acknowledged(x);
    });
    // What live.remove writes and announces (its LiveKit part is tested in packages/api).
    await t.sql`update course_sessions set removed_users = array_append(removed_users, ${c.student.id}) where id = ${sessionId}`;
    await t.sql`select pg_notify('codeclass_whiteboard', ${sessionId})`;
    await eventually(() => expect(student.closes.join()).toMatch(/staff removed you from this session/));
    draw(classmate, "still-here");
    await eventually(() => acknowledged(classmate));
    const again = openDoc(server.url, name, await c.token(c.student));
    await eventually(() => expect(again.refusals.join()).toMatch(/staff removed you from this session/));
  });

  test("a non-member, a signed-out client and an unknown session are refused", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    const outsider = openDoc(server.url, whiteboardDocumentName(sessionId), await c.token(c.otherInstructor));
    const anonymous = openDoc(server.url, whiteboardDocumentName(sessionId), null);
    const unknown = openDoc(server.url, whiteboardDocumentName("00000000-0000-4000-8000-000000000000"), await c.token(c.student));
    await eventually(() => {
      expect(outsider.refusals.join()).toMatch(/not your course/);
      expect(anonymous.refusals.join()).toMatch(/sign in first/);
      expect(unknown.refusals.join()).toMatch(/unknown session/);
    });
    expect(elements(outsider).length).toBe(0);
  });
});
