import { callerFor, eventually, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { createFile, filesOf, getFiles } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { acknowledged, liveSession, loadWorkspaceFiles, makeClass, openDoc, useCleanup, useCollabServer } from "./helpers.ts";

const t = useTestDatabase();
const server = useCollabServer(t);
useCleanup();

/** The workspace's files after replaying its history up to (not including) the first row from `source`. */
async function filesBefore(workspaceId: string, caller: ReturnType<typeof callerFor>, source: string) {
  const { updates } = await caller.workspace.history({ workspaceId, limit: 500 });
  const doc = new Y.Doc();
  for (const u of updates) {
    if (u.source === source) break;
    Y.applyUpdate(doc, Buffer.from(u.update, "base64"));
  }
  return filesOf(doc);
}

describe("send a file of the demo to every student", () => {
  test("open and closed workspaces get it as an edit with source 'sent'; a student's own file of that name is kept (renamed copy, or overwritten with the old text in history)", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    const editor = { edit: server.collab.editWorkspace };
    const staff = callerFor(t.db, c.instructor, { workspaceEditor: editor });

    // The instructor writes the demo live.
    const demo = (await c.demoWorkspace())!;
    const demoDoc = openDoc(server.url, demo.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(demoDoc));
    createFile(demoDoc.doc, "hello.py", "print('from the lecture')\n");
    await eventually(() => acknowledged(demoDoc));

    // The student has the page open and a hello.py of their own; the classmate's workspace is closed.
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(student));
    createFile(student.doc, "hello.py", "print('mine')\n");
    await eventually(() => acknowledged(student));
    const watcher = openDoc(server.url, ws.documentName, await c.token(c.ta)); // staff watching the student's code

    const sent = await staff.workspace.sendFile({ sessionId, workspaceId: demo.id, path: "hello.py" });
    expect(sent).toMatchObject({ path: "hello.py", students: 2, created: 1, renamed: 1, overwritten: 0, failed: 0 });
    const mine = sent.results.find((r) => r.userId === c.student.id)!;
    expect(mine).toMatchObject({ outcome: "renamed", path: "hello.sent.py" });

    // The open editors see it at once; the student's own file is untouched.
    await eventually(() => {
      for (const x of [student, watcher])
        expect(filesOf(x.doc)).toEqual([
          { path: "hello.py", content: "print('mine')\n" },
          { path: "hello.sent.py", content: "print('from the lecture')\n" },
        ]);
    });
    // The classmate's workspace (never opened) has it in Postgres.
    const classmateWs = sent.results.find((r) => r.userId === c.classmate.id)!;
    expect(classmateWs).toMatchObject({ outcome: "created", path: "hello.py" });
    expect((await loadWorkspaceFiles(t.db, classmateWs.workspaceId)).files).toEqual([
      { path: "hello.py", content: "print('from the lecture')\n" },
    ]);
    const classmateDoc = openDoc(server.url, `workspace:${classmateWs.workspaceId}`, await c.token(c.classmate));
    await eventually(() => expect(filesOf(classmateDoc.doc).map((f) => f.path)).toEqual(["hello.py"]));

    // History shows where it came from: source "sent", by the instructor.
    const history = await callerFor(t.db, c.classmate).workspace.history({ workspaceId: classmateWs.workspaceId });
    expect(history.updates.filter((u) => u.source === "sent")).toEqual([
      expect.objectContaining({ source: "sent", author: { id: c.instructor.id, name: expect.any(String) }, large: false }),
    ]);

    // Overwrite: the student's hello.py now holds the demo's text, and their old text is in history.
    demoDoc.doc.transact(() => {
      const text = getFiles(demoDoc.doc).get("hello.py")!;
      text.insert(text.length, "print('part two')\n");
    });
    await eventually(() => acknowledged(demoDoc));
    const again = await staff.workspace.sendFile({ sessionId, workspaceId: demo.id, path: "hello.py", onConflict: "overwrite" });
    expect(again).toMatchObject({ overwritten: 2, failed: 0 });
    const lecture = "print('from the lecture')\nprint('part two')\n";
    await eventually(() => expect(getFiles(student.doc).get("hello.py")!.toString()).toBe(lecture));
    await eventually(() => acknowledged(student));
    const rows = (await callerFor(t.db, c.student).workspace.history({ workspaceId: ws.id })).updates;
    const sentRows = rows.filter((u) => u.source === "sent");
    expect(sentRows).toHaveLength(2);
    // Replaying the history up to the overwrite shows the student's own text.
    const replay = new Y.Doc();
    for (const u of rows) {
      if (u.id === sentRows[1]!.id) break;
      Y.applyUpdate(replay, Buffer.from(u.update, "base64"));
    }
    expect(filesOf(replay).find((f) => f.path === "hello.py")?.content).toBe("print('mine')\n");
    expect(await filesBefore(ws.id, callerFor(t.db, c.student), "sent")).toEqual([{ path: "hello.py", content: "print('mine')\n" }]);

    const audit = await t.sql`select actor_id, action, data from audit_log where target_id = ${sessionId} order by id`;
    expect(audit.map((r) => [r.actor_id, r.action])).toEqual([
      [c.instructor.id, "workspace.sendFile"],
      [c.instructor.id, "workspace.sendFile"],
    ]);
    expect(audit[0]!.data).toMatchObject({ path: "hello.py", created: 1, renamed: 1 });
  });

  test("refused: students, other courses' staff, a file the workspace lacks, a student's workspace as the source", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    const editor = { edit: server.collab.editWorkspace };
    const demo = (await c.demoWorkspace())!;
    const ws = await c.studentWorkspace();
    const as = (u: { id: string; role: string }) => callerFor(t.db, u, { workspaceEditor: editor });
    await expect(as(c.student).workspace.sendFile({ sessionId, workspaceId: demo.id, path: "a.py" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(as(c.otherInstructor).workspace.sendFile({ sessionId, workspaceId: demo.id, path: "a.py" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(as(c.instructor).workspace.sendFile({ sessionId, workspaceId: demo.id, path: "nope.py" })).rejects.toThrow(
      /the workspace has no file "nope.py"/,
    );
    await expect(as(c.instructor).workspace.sendFile({ sessionId, workspaceId: ws.id, path: "a.py" })).rejects.toThrow(
      /demo workspace or of your own/,
    );
    await expect(as(c.instructor).workspace.sendFile({ sessionId, workspaceId: demo.id, path: "../x.py" })).rejects.toThrow(/path/);
    const stranger = await makeUser(t.db);
    await expect(as(stranger).workspace.sendFile({ sessionId, workspaceId: demo.id, path: "a.py" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("a server edit does not wait for the snapshot spread", () => {
  // Snapshots of open documents wait a random step of up to 5 s (persistence.ts); closing the
  // server edit's own connection stores the document and waits for that store.
  const spread = useCollabServer(t, { snapshotDebounceMs: 60_000, snapshotMaxDebounceMs: 10_000 });

  test("three files sent to a workspace its student has open take well under a second each", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(spread.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(student));
    const started = performance.now();
    for (const name of ["a.py", "b.py", "c.py"])
      await spread.collab.editWorkspace(ws.id, { authorId: c.instructor.id, source: "sent" }, (doc) =>
        createFile(doc, name, `# ${name}\n`),
      );
    // Each would otherwise wait 0-4.5 s in steps of 0.5 s: three under 1.5 s together, 1 in 1,000.
    expect(performance.now() - started).toBeLessThan(1500);
    await eventually(() => expect([...getFiles(student.doc).keys()].sort()).toEqual(["a.py", "b.py", "c.py"]));
  });
});
