import { callerFor, enroll, eventually, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { createFile, getFiles } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import type * as Y from "yjs";
import { acknowledged, loadWorkspaceFiles, makeClass, openDoc, useCleanup, useCollabServer } from "./helpers.ts";

const t = useTestDatabase();
// The periodic access check is slow here on purpose: group changes must reach open documents at once.
const server = useCollabServer(t, { accessRecheckMs: 60_000 });
useCleanup();

const textOf = (doc: Y.Doc, path: string) => getFiles(doc).get(path)?.toString();

/** A live session of the class split by hand: the student and the classmate in group 1, a third student in group 2. */
async function splitClass() {
  const c = await makeClass(t);
  const third = await makeUser(t.db, { name: "Third Student" });
  await enroll(t.db, c.course.id, third.id, "student");
  const staff = callerFor(t.db, c.instructor);
  const s = await staff.session.create({ courseId: c.course.id, title: "Pairs", startsAt: new Date(), durationMinutes: 60 });
  await staff.session.start({ sessionId: s.id });
  const made = await staff.breakouts.create({
    sessionId: s.id,
    method: "manual",
    groupCount: 2,
    assignments: [
      { userId: c.student.id, group: 1 },
      { userId: c.classmate.id, group: 1 },
      { userId: third.id, group: 2 },
    ],
  });
  const [one, two] = made.breakout!.groups;
  return { c, third, staff, sessionId: s.id, one: one!, two: two! };
}

describe("a breakout group's shared workspace on /collab", () => {
  test("members write together, staff write, a student of another group is refused", async () => {
    const { c, third, one } = await splitClass();
    const student = openDoc(server.url, one.documentName, await c.token(c.student));
    const classmate = openDoc(server.url, one.documentName, await c.token(c.classmate));
    const instructor = openDoc(server.url, one.documentName, await c.token(c.instructor));
    const stranger = openDoc(server.url, one.documentName, await c.token(third));
    await eventually(() => [student, classmate, instructor].forEach(acknowledged));
    expect(student.provider.authorizedScope).toBe("read-write");

    createFile(student.doc, "pair.py", "def add(a, b):\n");
    await eventually(() => expect(textOf(classmate.doc, "pair.py")).toBe("def add(a, b):\n"));
    getFiles(classmate.doc).get("pair.py")!.insert("def add(a, b):\n".length, "    return a + b\n");
    getFiles(instructor.doc).get("pair.py")!.insert(0, "# reviewed\n");
    await eventually(() => [student, classmate, instructor].forEach(acknowledged));
    const expected = "# reviewed\ndef add(a, b):\n    return a + b\n";
    await eventually(() =>
      expect([student, classmate, instructor].map((x) => textOf(x.doc, "pair.py"))).toEqual([expected, expected, expected]),
    );
    expect((await loadWorkspaceFiles(t.db, one.workspaceId)).files).toEqual([{ path: "pair.py", content: expected }]);

    await eventually(() => expect(stranger.refusals.join()).toMatch(/not your group's workspace/));
    expect(textOf(stranger.doc, "pair.py")).toBeUndefined();
    const authors =
      await t.sql`select distinct author_id from workspace_updates where workspace_id = ${one.workspaceId} and source = 'edit'`;
    expect(authors.map((r) => r.author_id).sort()).toEqual([c.student.id, c.classmate.id, c.instructor.id].sort());
  });

  test("a moved student is disconnected from the old group's workspace at once; the recall makes members read-only", async () => {
    const { c, staff, sessionId, one, two } = await splitClass();
    const student = openDoc(server.url, one.documentName, await c.token(c.student));
    const classmate = openDoc(server.url, one.documentName, await c.token(c.classmate));
    await eventually(() => [student, classmate].forEach(acknowledged));

    await staff.breakouts.move({ sessionId, userId: c.classmate.id, group: two.number });
    await eventually(() => expect(classmate.closes.join()).toMatch(/not your group's workspace/), 3_000);
    const inTwo = openDoc(server.url, two.documentName, await c.token(c.classmate));
    await eventually(() => acknowledged(inTwo));
    expect(inTwo.provider.authorizedScope).toBe("read-write");

    await staff.breakouts.recall({ sessionId });
    // The recall's NOTIFY re-checks the open connection at once (the periodic check is a minute away).
    await new Promise((r) => setTimeout(r, 1000));
    createFile(student.doc, "late.py", "x");
    await new Promise((r) => setTimeout(r, 500));
    expect(student.provider.unsyncedChanges).toBeGreaterThan(0);
    expect((await loadWorkspaceFiles(t.db, one.workspaceId)).files).toEqual([]);
    // Staff still write the group's workspace after the recall (to review it with the class).
    const instructor = openDoc(server.url, one.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(instructor));
    expect(instructor.provider.authorizedScope).toBe("read-write");
  });
});
