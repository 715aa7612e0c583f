import { randomUUID } from "node:crypto";
import { actorFromUser, loadWorkspaceDoc, similarity } from "@codeclass/services";
import { callerFor, eventually, useTestDatabase } from "@codeclass/test-utils";
import { limits as validatorLimits } from "@codeclass/validators";
import { addComment, createFile, filesOf, getFiles, limits, listComments, renameFile, setLanguage } from "@codeclass/workspace-doc";
import * as encoding from "lib0/encoding";
import { describe, expect, test } from "vitest";
import * as Y from "yjs";
import { acknowledged, loadWorkspaceFiles, makeClass, openDoc, openSocket, useCleanup, useCollabServer } from "./helpers.ts";

const t = useTestDatabase();
const server = useCollabServer(t);
useCleanup();

const textOf = (doc: Y.Doc, path: string) => getFiles(doc).get(path)?.toString();

describe("editing together", () => {
  test("several writers on one socket and on their own sockets converge, and the stored document equals it", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    // The instructor's review panel: one socket, the student's document plus the demo on it.
    const panel = openSocket(server.url);
    const demo = await c.demoWorkspace();
    const instructor = openDoc(panel, ws.documentName, await c.token(c.instructor));
    const instructorDemo = openDoc(panel, demo!.documentName, await c.token(c.instructor));
    const ta = openDoc(server.url, ws.documentName, await c.token(c.ta));
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    const admin = openDoc(server.url, ws.documentName, await c.token(c.admin));
    const writers = [instructor, ta, student, admin];
    await eventually(() => writers.forEach(acknowledged));
    createFile(student.doc, "main.py", "");
    await eventually(() => expect(writers.every((w) => textOf(w.doc, "main.py") === "")).toBe(true));
    // Everyone types at once, each at the start of the file, many small edits.
    for (let i = 0; i < 20; i++) {
      writers.forEach((w, n) => {
        getFiles(w.doc).get("main.py")!.insert(0, `${n}:${i};`);
      });
      instructorDemo.doc.transact(() => {
        if (!getFiles(instructorDemo.doc).has("demo.py")) createFile(instructorDemo.doc, "demo.py");
        getFiles(instructorDemo.doc).get("demo.py")!.insert(0, "x");
      });
    }
    await eventually(() => writers.forEach(acknowledged), 10_000);
    const final = textOf(student.doc, "main.py")!;
    await eventually(() => expect(writers.map((w) => textOf(w.doc, "main.py"))).toEqual(writers.map(() => final)), 10_000);
    expect(final.length).toBe(writers.length * (10 * "0:0;".length + 10 * "0:10;".length));
    for (let n = 0; n < writers.length; n++) for (let i = 0; i < 20; i++) expect(final).toContain(`${n}:${i};`);
    expect(await loadWorkspaceFiles(t.db, ws.id)).toMatchObject({ files: [{ path: "main.py", content: final }] });
    await eventually(() => acknowledged(instructorDemo));
    expect((await loadWorkspaceFiles(t.db, demo!.id)).files).toEqual([{ path: "demo.py", content: "x".repeat(20) }]);
    // The log names each author; the snapshot catches up and the last edit is recorded.
    const authors = await t.sql`select distinct author_id from workspace_updates where workspace_id = ${ws.id}`;
    expect(authors.map((r) => r.author_id).sort()).toEqual([c.instructor.id, c.ta.id, c.student.id, c.admin.id].sort());
    await eventually(async () => {
      const [row] =
        await t.sql`select state_update_id, last_edit_at, (select max(id) from workspace_updates where workspace_id = ${ws.id}) as max_id
        from workspaces where id = ${ws.id}`;
      expect(Number(row!.state_update_id)).toBe(Number(row!.max_id));
      expect(row!.last_edit_at).not.toBeNull();
    });
  });

  test("edits made offline merge with the others' on reconnect", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    createFile(student.doc, "main.py", "line\n");
    await eventually(() => expect(textOf(instructor.doc, "main.py")).toBe("line\n"));
    await eventually(() => acknowledged(student));

    student.provider.configuration.websocketProvider.disconnect();
    await eventually(() => expect(student.provider.isSynced).toBe(false));
    getFiles(student.doc).get("main.py")!.insert(0, "offline ");
    createFile(student.doc, "notes.txt", "written on the train");
    getFiles(instructor.doc).get("main.py")!.insert(4, " online");
    await eventually(() => acknowledged(instructor));
    expect(textOf(instructor.doc, "main.py")).toBe("line online\n");

    await student.provider.configuration.websocketProvider.connect();
    await eventually(() => acknowledged(student), 10_000);
    const expected = "offline line online\n";
    await eventually(() => {
      expect(textOf(student.doc, "main.py")).toBe(expected);
      expect(textOf(instructor.doc, "main.py")).toBe(expected);
      expect(textOf(instructor.doc, "notes.txt")).toBe("written on the train");
    });
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([
      { path: "main.py", content: expected },
      { path: "notes.txt", content: "written on the train" },
    ]);
    // Every character the student typed, online or offline, is in their rows of the log.
    const [typed] =
      await t.sql`select sum(inserted_chars)::int as n from workspace_updates where workspace_id = ${ws.id} and author_id = ${c.student.id}`;
    expect(typed!.n).toBe("line\n".length + "offline ".length + "written on the train".length);
  });

  test("presence carries the signed-in user: a client cannot show itself as someone else", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    student.provider.setAwarenessField("user", { id: c.instructor.id, name: "The Instructor", color: "#f00", role: "instructor" });
    student.provider.setAwarenessField("file", "main.py");
    await eventually(() => {
      const seen = instructor.provider.awareness!.getStates().get(student.doc.clientID);
      expect(seen).toMatchObject({ user: { id: c.student.id, name: c.student.name, color: "#f00" }, file: "main.py" });
    });
    // Fields of the wrong shape (a selection that would throw in every viewer's editor, a colour
    // that is not one) and unknown or oversized fields never reach the others.
    student.provider.setAwarenessField("user", { color: "red;}</style>", role: "instructor" });
    student.provider.setAwarenessField("selection", { anchor: { item: {} }, head: { item: {} } });
    student.provider.setAwarenessField("typingAt", 42);
    student.provider.setAwarenessField("junk", "x".repeat(100));
    await eventually(() => {
      const seen = instructor.provider.awareness!.getStates().get(student.doc.clientID);
      expect(seen).toEqual({ user: { id: c.student.id, name: c.student.name, role: "instructor" }, file: "main.py", typingAt: 42 });
    });
    student.provider.setAwarenessField("junk", "x".repeat(5000));
    await eventually(() => {
      const seen = instructor.provider.awareness!.getStates().get(student.doc.clientID);
      expect(seen).toEqual({ user: { id: c.student.id, name: c.student.name, role: "instructor" } });
    });
  });

  test("one connection holds a few presence states at most: made-up client ids are refused, the others never see them", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    student.provider.setAwarenessField("file", "main.py");
    await eventually(() => expect(instructor.provider.awareness!.getStates().get(student.doc.clientID)).toMatchObject({ file: "main.py" }));
    // What a hand-made client can send: one awareness message with states for 1,000 client ids.
    const e = encoding.createEncoder();
    encoding.writeVarString(e, ws.documentName);
    encoding.writeVarUint(e, 1); // Hocuspocus's awareness message
    const states = encoding.createEncoder();
    encoding.writeVarUint(states, 1000);
    for (let id = 1; id <= 1000; id++) {
      encoding.writeVarUint(states, id);
      encoding.writeVarUint(states, 1);
      encoding.writeVarString(states, JSON.stringify({ file: `f${id}.py` }));
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(states));
    student.provider.configuration.websocketProvider.send(encoding.toUint8Array(e));
    await eventually(() => expect(student.closes.join()).toMatch(/presence refused: 1001 clients on one connection; the limit is 4/));
    const document = server.collab.hocuspocus.documents.get(ws.documentName)!;
    expect(document.awareness.getStates().size).toBeLessThanOrEqual(2);
    expect(instructor.provider.awareness!.getStates().size).toBeLessThanOrEqual(2);
  });

  test("presence names are cut to the profile's limit: a 1,000,000-character name is not relayed", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    // Written past the profile rules (as better-auth's own endpoints once allowed).
    await t.sql`update "user" set name = ${"N".repeat(1_000_000)} where id = ${c.student.id}`;
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    student.provider.setAwarenessField("user", { name: "x".repeat(1_000_000), color: "#0f0" });
    await eventually(() => {
      const seen = instructor.provider.awareness!.getStates().get(student.doc.clientID);
      expect(seen).toEqual({ user: { id: c.student.id, name: "N".repeat(validatorLimits.name), color: "#0f0" } });
    });
  });

  test("a comment is signed with the sender's own name: a student cannot post one as the instructor", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const token = await c.token(c.student);
    const student = openDoc(server.url, ws.documentName, token);
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    createFile(student.doc, "main.py", "print(1)\n");
    await eventually(() => acknowledged(student));
    addComment(student.doc, { file: "main.py", line: 1, authorId: c.student.id, authorName: c.instructor.name, text: "Full marks." });
    await eventually(() => expect(student.closes.join()).toMatch(/a comment is signed with your own name/));
    // What the IDE sends: the signed-in user's own name.
    const again = openDoc(server.url, ws.documentName, token);
    await eventually(() => acknowledged(again));
    addComment(again.doc, { file: "main.py", line: 1, authorId: c.student.id, authorName: c.student.name, text: "Done?" });
    await eventually(() => acknowledged(again));
    await eventually(() => expect(listComments(instructor.doc).map((x) => [x.authorName, x.text])).toEqual([[c.student.name, "Done?"]]));
    const stored = new Y.Doc();
    await loadWorkspaceDoc(t.db, ws.id, stored);
    expect(listComments(stored).map((x) => [x.authorName, x.text])).toEqual([[c.student.name, "Done?"]]);
  });

  test("a workspace whose log holds an update with a gap (written before such updates were refused) opens and takes edits", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const writer = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(writer));
    createFile(writer.doc, "main.py", "print(1)\n");
    await eventually(() => acknowledged(writer));
    const side = new Y.Doc();
    Y.applyUpdate(side, Y.encodeStateAsUpdate(writer.doc));
    getFiles(side).get("main.py")!.insert(0, "withheld ");
    const seen = Y.encodeStateVector(side);
    getFiles(side).get("main.py")!.insert(getFiles(side).get("main.py")!.length, "# gap\n");
    writer.provider.destroy();
    await eventually(() => expect(server.collab.hocuspocus.documents.has(ws.documentName)).toBe(false));
    await t.sql`insert into workspace_updates (workspace_id, author_id, update, bytes, inserted_chars, source)
      values (${ws.id}, ${c.student.id}, ${Buffer.from(Y.encodeStateAsUpdate(side, seen))}, 10, 6, 'edit')`;
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(instructor));
    getFiles(instructor.doc).get("main.py")!.insert(0, "# ok\n");
    await eventually(() => acknowledged(instructor));
    expect(instructor.closes).toEqual([]);
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "main.py", content: "# ok\nprint(1)\n" }]);
  });

  test("a failed write of the edit log is retried while the author's ack waits; the edit is then stored", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(student));
    // The next two INSERTs into the log fail, as during a database failover.
    await t.sql.unsafe(`
      create sequence log_failures; -- not rolled back with the failed INSERT, unlike a table
      create function fail_log_insert() returns trigger language plpgsql as $$
      begin
        if nextval('log_failures') <= 2 then
          raise exception 'simulated failover';
        end if;
        return null;
      end $$;
      create trigger fail_log_insert before insert on workspace_updates for each statement execute function fail_log_insert();`);
    try {
      createFile(student.doc, "main.py", "print('kept')\n");
      await eventually(() => expect(student.provider.unsyncedChanges).toBeGreaterThan(0), 2000, 1);
      await eventually(() => acknowledged(student), 10_000);
      expect(await t.sql`select last_value::int as n from log_failures`).toEqual([{ n: 3 }]);
      expect(student.closes).toEqual([]);
      expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "main.py", content: "print('kept')\n" }]);
    } finally {
      await t.sql.unsafe("drop trigger fail_log_insert on workspace_updates; drop function fail_log_insert(); drop sequence log_failures;");
    }
  });

  test("history pages through the log with authors and flags a paste as large", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(student));
    createFile(student.doc, "main.py", "");
    getFiles(student.doc).get("main.py")!.insert(0, "a");
    getFiles(student.doc).get("main.py")!.insert(1, "b".repeat(300));
    await eventually(() => acknowledged(student));
    const teacher = callerFor(t.db, c.instructor);
    const first = await teacher.workspace.history({ workspaceId: ws.id, limit: 2 });
    expect(first.updates).toHaveLength(2);
    expect(first.nextAfterId).toBe(first.updates[1]!.id);
    const rest = await teacher.workspace.history({ workspaceId: ws.id, afterId: first.nextAfterId! });
    expect(rest.nextAfterId).toBeNull();
    const all = [...first.updates, ...rest.updates];
    expect(all.map((u) => [u.author?.id, u.insertedChars, u.large])).toEqual([
      [c.student.id, 0, false],
      [c.student.id, 1, false],
      [c.student.id, 300, true],
    ]);
    // The updates replay to the document.
    const replay = new Y.Doc();
    for (const u of all) Y.applyUpdate(replay, Buffer.from(u.update, "base64"));
    expect(filesOf(replay)).toEqual([{ path: "main.py", content: `a${"b".repeat(300)}` }]);
    await expect(callerFor(t.db, c.classmate).workspace.history({ workspaceId: ws.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const roster = await teacher.workspace.roster({ courseId: c.course.id });
    await eventually(async () => {
      const again = await teacher.workspace.roster({ courseId: c.course.id });
      expect(again.find((r) => r.userId === c.student.id)?.lastEditAt).toBeInstanceOf(Date);
    });
    expect(roster.map((r) => r.userId).sort()).toEqual([c.student.id, c.classmate.id].sort());
  });

  test("a paste sent as a sync step 2, or brought by a reconnecting client, is logged and flagged like one sent as an update", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => [student, instructor].forEach(acknowledged));
    createFile(student.doc, "main.py", "");
    await eventually(() => acknowledged(student));
    // A hand-made client sends 300 characters as a sync step 2 in the middle of the session.
    const side = new Y.Doc();
    Y.applyUpdate(side, Y.encodeStateAsUpdate(student.doc));
    const before = Y.encodeStateVector(side);
    getFiles(side).get("main.py")!.insert(0, "p".repeat(300));
    const e = encoding.createEncoder();
    encoding.writeVarString(e, ws.documentName);
    encoding.writeVarUint(e, 0); // sync
    encoding.writeVarUint(e, 1); // step 2
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(side, before));
    student.provider.configuration.websocketProvider.send(encoding.toUint8Array(e));
    await eventually(() => expect(textOf(instructor.doc, "main.py")).toBe("p".repeat(300)));
    // Text written while disconnected arrives in the reconnect's sync step 2.
    student.provider.configuration.websocketProvider.disconnect();
    await eventually(() => expect(student.provider.isSynced).toBe(false));
    getFiles(student.doc).get("main.py")!.insert(0, "o".repeat(250));
    await student.provider.configuration.websocketProvider.connect();
    await eventually(() => acknowledged(student), 10_000);
    await eventually(async () => {
      const history = await callerFor(t.db, c.instructor).workspace.history({ workspaceId: ws.id });
      // The hand-made one is labelled as sent on (re)connect; both are flagged large.
      expect(history.updates.map((u) => [u.insertedChars, u.large])).toEqual([
        [0, false],
        [300, true],
        [250, true],
      ]);
      expect(history.updates[1]!.source).toBe("sync");
    });
    const [evidence] = await similarity.editEvidence(t.db, actorFromUser(c.instructor), { courseId: c.course.id, workspaceIds: [ws.id] });
    expect(evidence).toMatchObject({ insertedChars: 550, pastedChars: 550 });
    expect(evidence!.largePastes.map((p) => p.chars)).toEqual([300, 250]);
  });
});

describe("course template", () => {
  test("staff set a workspace as the template; new student workspaces start from its files and language", async () => {
    const c = await makeClass(t);
    const demo = (await c.demoWorkspace())!;
    const instructor = openDoc(server.url, demo.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(instructor));
    setLanguage(instructor.doc, "c");
    createFile(instructor.doc, "main.c", "int main(void) { return 0; }\n");
    createFile(instructor.doc, "include/util.h", "#pragma once\n");
    await eventually(() => acknowledged(instructor));
    const teacher = callerFor(t.db, c.instructor);
    expect(await teacher.workspace.setTemplate({ courseId: c.course.id, workspaceId: demo.id })).toEqual({
      courseId: c.course.id,
      files: 2,
      language: "c",
    });
    await expect(callerFor(t.db, c.student).workspace.setTemplate({ courseId: c.course.id, workspaceId: demo.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // The student opens theirs for the first time (the roster creates the classmate's).
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(student));
    expect(filesOf(student.doc)).toEqual([
      { path: "include/util.h", content: "#pragma once\n" },
      { path: "main.c", content: "int main(void) { return 0; }\n" },
    ]);
    expect(student.doc.getMap("meta").get("language")).toBe("c");
    const roster = await teacher.workspace.roster({ courseId: c.course.id });
    const classmate = roster.find((r) => r.userId === c.classmate.id)!;
    expect((await loadWorkspaceFiles(t.db, classmate.workspace.id)).language).toBe("c");
    // The template is the first step of the new workspace's history, not somebody's paste.
    const history = await callerFor(t.db, c.student).workspace.history({ workspaceId: ws.id });
    expect(history.updates[0]).toMatchObject({ source: "template", author: { id: c.instructor.id }, large: false, insertedChars: 42 });
    const replay = new Y.Doc();
    for (const u of history.updates) Y.applyUpdate(replay, Buffer.from(u.update, "base64"));
    expect(filesOf(replay)).toEqual(filesOf(student.doc));
    // Editing the demo later does not change existing student workspaces.
    getFiles(instructor.doc).get("main.c")!.insert(0, "// v2\n");
    await eventually(() => acknowledged(instructor));
    expect((await loadWorkspaceFiles(t.db, ws.id)).files.find((f) => f.path === "main.c")?.content).toBe("int main(void) { return 0; }\n");
  });
});

describe("who may open a document", () => {
  test("no session, another student, another course's instructor, an unknown workspace and a bad name are refused with a reason", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const cases: [string, string | null, RegExp][] = [
      [ws.documentName, null, /sign in first/],
      [ws.documentName, "not-a-session-token", /sign in first/],
      [ws.documentName, await c.token(c.classmate), /not your workspace/],
      [ws.documentName, await c.token(c.otherInstructor), /not your workspace/],
      [`workspace:${randomUUID()}`, await c.token(c.admin), /unknown workspace/],
      ["notes", await c.token(c.admin), /bad document name/],
      [`workspace:${ws.id}/../x`, await c.token(c.admin), /bad document name/],
      // Another spelling of the same id would load a second, diverging copy of the document.
      [`workspace:${ws.id.toUpperCase()}`, await c.token(c.student), /bad document name/],
    ];
    // The owner shares one socket with the refused documents of other names: a refusal of one
    // document leaves the socket and its other documents working.
    const socket = openSocket(server.url);
    const refused = cases.map(([name, token]) => openDoc(name === ws.documentName ? server.url : socket, name, token));
    const owner = openDoc(socket, ws.documentName, await c.token(c.student));
    await eventually(() => {
      for (const [i, r] of refused.entries()) expect(r.refusals.join()).toMatch(cases[i]![2]);
    });
    for (const r of refused) createFile(r.doc, "evil.py", "x");
    await eventually(() => acknowledged(owner));
    createFile(owner.doc, "main.py", "ok");
    await eventually(() => acknowledged(owner));
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "main.py", content: "ok" }]);
    expect(
      await t.sql`select count(*)::int as n from workspace_updates where workspace_id = ${ws.id} and author_id <> ${c.student.id}`,
    ).toEqual([{ n: 0 }]);
  });

  test("students read the demo but cannot change it; the server's document stays as it was", async () => {
    const c = await makeClass(t);
    const demo = (await c.demoWorkspace())!;
    const instructor = openDoc(server.url, demo.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(instructor));
    createFile(instructor.doc, "lecture.py", "print('hello class')\n");
    await eventually(() => acknowledged(instructor));
    const studentView = await callerFor(t.db, c.student).workspace.getOrCreateDemo({ courseId: c.course.id });
    expect(studentView).toMatchObject({ id: demo.id, readOnly: true });
    const student = openDoc(server.url, demo.documentName, await c.token(c.student));
    await eventually(() => expect(textOf(student.doc, "lecture.py")).toBe("print('hello class')\n"));
    expect(student.provider.authorizedScope).toBe("readonly");
    getFiles(student.doc).get("lecture.py")!.insert(0, "import os\n");
    createFile(student.doc, "mine.py", "x");
    // The server answers "not applied": the change stays unacknowledged and nobody else sees it.
    await eventually(() => expect(student.provider.unsyncedChanges).toBeGreaterThan(0));
    getFiles(instructor.doc).get("lecture.py")!.insert(0, "# live\n");
    await eventually(() => expect(textOf(student.doc, "lecture.py")).toContain("# live\n"));
    await eventually(() => acknowledged(instructor));
    expect(textOf(instructor.doc, "lecture.py")).toBe("# live\nprint('hello class')\n");
    expect(getFiles(instructor.doc).has("mine.py")).toBe(false);
    expect((await loadWorkspaceFiles(t.db, demo.id)).files).toEqual([{ path: "lecture.py", content: "# live\nprint('hello class')\n" }]);
    expect(await t.sql`select count(*)::int as n from workspace_updates where author_id = ${c.student.id}`).toEqual([{ n: 0 }]);
  });

  test("a student removed from the course can no longer open their workspace", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    await t.sql`delete from enrollments where course_id = ${c.course.id} and user_id = ${c.student.id}`;
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => expect(student.refusals.join()).toMatch(/not your workspace/));
    const instructor = openDoc(server.url, ws.documentName, await c.token(c.instructor));
    await eventually(() => acknowledged(instructor));
  });

  test("open connections lose access when it ends: a TA removed from the course is disconnected, an archive makes the owner read-only", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const ta = openDoc(server.url, ws.documentName, await c.token(c.ta));
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => [ta, student].forEach(acknowledged));
    await t.sql`delete from enrollments where course_id = ${c.course.id} and user_id = ${c.ta.id}`;
    await eventually(() => expect(ta.closes.join()).toMatch(/not your workspace/), 5000);
    await t.sql`update courses set archived_at = now() where id = ${c.course.id}`;
    await new Promise((r) => setTimeout(r, 1000)); // more than one re-check
    createFile(student.doc, "after-archive.py", "x");
    await new Promise((r) => setTimeout(r, 500));
    expect(student.provider.unsyncedChanges).toBeGreaterThan(0);
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([]);
  });

  test("in an archived course even the owner only reads", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    await t.sql`update courses set archived_at = now() where id = ${c.course.id}`;
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => expect(student.provider.authorizedScope).toBe("readonly"));
    createFile(student.doc, "late.py", "x");
    await eventually(() => expect(student.provider.unsyncedChanges).toBeGreaterThan(0));
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([]);
  });

  test("a browser's session cookie is accepted as well as a token", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    // better-auth's signed cookie value (the token, a dot, the HMAC-SHA256 of it in base64): makeSession's token.
    const cookie = `better-auth.session_token=${await c.token(c.student)}`;
    const { WebSocket } = await import("ws");
    class CookieSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const socket = openSocket(server.url, { WebSocketPolyfill: CookieSocket });
    const student = openDoc(socket, ws.documentName, null);
    await eventually(() => acknowledged(student));
    expect(student.provider.authorizedScope).toBe("read-write");
    const stranger = openDoc(server.url, ws.documentName, null);
    await eventually(() => expect(stranger.refusals.join()).toMatch(/sign in first/));
  });
});

describe("limits", () => {
  test("an oversized update, too many files and bad names are refused; the document and another document keep working", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const other = await callerFor(t.db, c.classmate).workspace.getOrCreate({ courseId: c.course.id });
    const token = await c.token(c.student);
    const bystander = openDoc(server.url, other.documentName, await c.token(c.classmate));
    await eventually(() => acknowledged(bystander));
    const stored = async () => (await loadWorkspaceFiles(t.db, ws.id)).files;

    const attempts: [string, (doc: Y.Doc) => void, RegExp][] = [
      [
        "an update over 256 KiB",
        (doc) => createFile(doc, "big.txt", "x".repeat(limits.updateBytes + 10)),
        /update too large: \d+ bytes; the limit is 262144 bytes/,
      ],
      [
        "a file name with ..",
        (doc) => getFiles(doc).set("../escape.py", new Y.Text("x")),
        /update refused: path: file name "\.\.\/escape\.py" may not contain/,
      ],
      ["an absolute path", (doc) => getFiles(doc).set("/etc/passwd", new Y.Text("x")), /must be relative/],
      [
        "too many files",
        (doc) =>
          doc.transact(() => {
            for (let i = 0; i <= limits.maxFiles; i++) getFiles(doc).set(`f${i}.py`, new Y.Text());
          }),
        new RegExp(`too many files \\(${limits.maxFiles + 1}\\): the limit is ${limits.maxFiles} files`),
      ],
      ["a language the sandbox does not know", (doc) => doc.getMap("meta").set("language", "cobol"), /language must be one of/],
    ];
    for (const [name, act, reason] of attempts) {
      const writer = openDoc(server.url, ws.documentName, token);
      await eventually(() => acknowledged(writer));
      act(writer.doc);
      await eventually(() => expect(writer.closes.join(), name).toMatch(reason));
      // The other document still takes edits.
      getFiles(bystander.doc).has("alive.txt") || createFile(bystander.doc, "alive.txt", "");
      getFiles(bystander.doc).get("alive.txt")!.insert(0, "+");
      await eventually(() => acknowledged(bystander));
      writer.provider.destroy();
    }
    expect(await stored()).toEqual([]);
    expect((await loadWorkspaceFiles(t.db, other.id)).files).toEqual([{ path: "alive.txt", content: "+".repeat(attempts.length) }]);

    // The same document still takes good edits, up to the limits.
    const writer = openDoc(server.url, ws.documentName, token);
    await eventually(() => acknowledged(writer));
    setLanguage(writer.doc, "python");
    for (let i = 0; i < limits.maxFiles; i++) createFile(writer.doc, `src/f${i}.py`, `# ${i}\n`);
    renameFile(writer.doc, "src/f0.py", "main.py");
    await eventually(() => acknowledged(writer), 10_000);
    expect(writer.closes).toEqual([]);
    const files = await stored();
    expect(files).toHaveLength(limits.maxFiles);
    expect(files.find((f) => f.path === "main.py")).toEqual({ path: "main.py", content: "# 0\n" });
  });

  test("a malformed message closes that socket only; the server keeps serving", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const token = await c.token(c.student);
    const { WebSocket } = await import("ws");
    const raw = new WebSocket(server.url);
    await new Promise((r) => raw.once("open", r));
    const closed = new Promise<number>((r) => raw.once("close", (code) => r(code)));
    raw.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect(await closed).toBeGreaterThanOrEqual(1000);
    const text = new WebSocket(server.url);
    await new Promise((r) => text.once("open", r));
    const textClosed = new Promise<number>((r) => text.once("close", (code) => r(code)));
    text.send("hello");
    expect(await textClosed).toBe(1003);
    const student = openDoc(server.url, ws.documentName, token);
    await eventually(() => acknowledged(student));
    createFile(student.doc, "main.py", "still here");
    await eventually(() => acknowledged(student));
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "main.py", content: "still here" }]);
  });
});
