import { eventually, makeSession, testAuth, useTestDatabase } from "@codeclass/test-utils";
import { createFile, filesOf, getFiles } from "@codeclass/workspace-doc";
import { describe, expect, test } from "vitest";
import {
  acknowledged,
  type Client,
  loadWorkspaceFiles,
  makeClass,
  openDoc,
  openSocketWithHeaders,
  sessionCookie,
  useCleanup,
  useCollabServer,
} from "./helpers.ts";

const t = useTestDatabase();
// The platform passes both loopback spellings of its own URL in development.
const ownOrigins = ["http://localhost:3000", "http://127.0.0.1:3000"];
const server = useCollabServer(t, { allowedOrigins: ownOrigins, sessionRecheckMs: 200 });
useCleanup();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cookie, token and the page's Origin", () => {
  test("a page of another origin cannot use the cookie, not even by sending a token that does not authenticate", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const student = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(student));
    createFile(student.doc, "secret.py", "answer = 42\n");
    await eventually(() => acknowledged(student));
    // The instructor's browser visits a page on a sibling localhost port: the cookie rides along.
    const cookie = sessionCookie(await c.token(c.instructor));
    const foreign = "http://localhost:5555";
    const attempts: [string, Record<string, string>, string | null, RegExp][] = [
      ["cookie, blank token, foreign page", { cookie, origin: foreign }, " ", /pages on http:\/\/localhost:5555 may not open/],
      ["cookie, token x.y, foreign page", { cookie, origin: foreign }, "x.y", /pages on http:\/\/localhost:5555 may not open/],
      ["cookie, foreign page", { cookie, origin: foreign }, null, /pages on http:\/\/localhost:5555 may not open/],
      // A token that is given decides alone, even on the right page: the cookie is not a fallback.
      ["cookie, token x.y, own page", { cookie, origin: ownOrigins[0]! }, "x.y", /sign in first: the token is not a valid session/],
      ["cookie, blank token, no Origin", { cookie }, " ", /sign in first: the token is not a valid session/],
    ];
    const clients = attempts.map(([, headers, token]) => openDoc(openSocketWithHeaders(server.url, headers), ws.documentName, token));
    await eventually(() => {
      for (const [i, client] of clients.entries()) expect(client.refusals.join(), attempts[i]![0]).toMatch(attempts[i]![3]);
    });
    for (const [i, client] of clients.entries()) {
      expect(filesOf(client.doc), attempts[i]![0]).toEqual([]);
      expect(client.provider.isSynced, attempts[i]![0]).toBe(false);
      createFile(client.doc, "planted.py", "x");
    }
    await sleep(300);
    expect((await loadWorkspaceFiles(t.db, ws.id)).files).toEqual([{ path: "secret.py", content: "answer = 42\n" }]);
    expect(await t.sql`select count(*)::int as n from workspace_updates where author_id = ${c.instructor.id}`).toEqual([{ n: 0 }]);
  });

  test("accepted: the cookie from the server's own pages (both loopback spellings), and a token without cookie from anywhere", async () => {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const token = await c.token(c.instructor);
    const cookie = sessionCookie(token);
    const ways: [string, Record<string, string>, string | null][] = [
      ["cookie, own page", { cookie, origin: ownOrigins[0]! }, null],
      ["cookie, own page spelled 127.0.0.1", { cookie, origin: ownOrigins[1]! }, null],
      ["cookie and its token, own page", { cookie, origin: ownOrigins[0]! }, token],
      // A script or the CLI: no cookie, no Origin. A token is proof enough wherever it comes from.
      ["token, no cookie, no Origin", {}, token],
      ["token, no cookie, another page", { origin: "http://localhost:5555" }, token],
    ];
    const clients: Client[] = ways.map(([, headers, tok]) => openDoc(openSocketWithHeaders(server.url, headers), ws.documentName, tok));
    await eventually(() => {
      for (const [i, client] of clients.entries()) {
        expect(client.refusals, ways[i]![0]).toEqual([]);
        acknowledged(client);
      }
    });
    for (const [i, client] of clients.entries()) createFile(client.doc, `way${i}.py`, ways[i]![0]);
    await eventually(() => clients.forEach(acknowledged));
    expect((await loadWorkspaceFiles(t.db, ws.id)).files.map((f) => f.path)).toEqual(ways.map((_, i) => `way${i}.py`));
  });
});

describe("revoked sessions lose their open connections", () => {
  /** The student's workspace open with a fresh session of the student, one file stored. */
  async function studentEditing() {
    const c = await makeClass(t);
    const ws = await c.studentWorkspace();
    const token = await c.token(c.student);
    const student = openDoc(server.url, ws.documentName, token);
    await eventually(() => acknowledged(student));
    createFile(student.doc, "main.py", "before\n");
    await eventually(() => acknowledged(student));
    const stored = async () => (await loadWorkspaceFiles(t.db, ws.id)).files;
    return { c, ws, token, student, stored };
  }

  test("signing out closes the connections of that session within seconds; its later edits are not stored", async () => {
    const { c, ws, token, student, stored } = await studentEditing();
    // The same student in another browser (another session) keeps working.
    const elsewhere = openDoc(server.url, ws.documentName, await c.token(c.student));
    await eventually(() => acknowledged(elsewhere));
    const { auth } = testAuth(t.db);
    await auth.api.signOut({ headers: new Headers({ authorization: `Bearer ${token}` }) });
    expect(await t.sql`select count(*)::int as n from session where token = ${decodeURIComponent(token).split(".")[0]!}`).toEqual([
      { n: 0 },
    ]);
    await eventually(() => expect(student.closes.join()).toMatch(/signed out/), 3000);
    getFiles(student.doc).get("main.py")!.insert(0, "after sign-out ");
    createFile(student.doc, "planted.py", "x");
    await sleep(500);
    expect(await stored()).toEqual([{ path: "main.py", content: "before\n" }]);
    getFiles(elsewhere.doc).get("main.py")!.insert(0, "#");
    await eventually(() => acknowledged(elsewhere));
    expect(await stored()).toEqual([{ path: "main.py", content: "#before\n" }]);
  });

  test("a ban closes every connection of the user; an expired session is closed too", async () => {
    const { c, ws, student, stored } = await studentEditing();
    await t.sql`update "user" set banned = true where id = ${c.student.id}`;
    await eventually(() => expect(student.closes.join()).toMatch(/banned/), 3000);
    getFiles(student.doc).get("main.py")!.insert(0, "banned ");
    await sleep(500);
    expect(await stored()).toEqual([{ path: "main.py", content: "before\n" }]);

    // A session that ends while its connection is open (better-auth extends a session when it is
    // used, so its end is set in the row, as time passing would).
    const instructorToken = await makeSession(t.db, c.instructor.id);
    const instructor = openDoc(server.url, ws.documentName, instructorToken);
    await eventually(() => acknowledged(instructor));
    getFiles(instructor.doc).get("main.py")!.insert(0, "ok ");
    await eventually(() => acknowledged(instructor));
    await t.sql`update session set expires_at = now() - interval '1 second' where token = ${decodeURIComponent(instructorToken).split(".")[0]!}`;
    await eventually(() => expect(instructor.closes.join()).toMatch(/session ended/), 5000);
    getFiles(instructor.doc).get("main.py")!.insert(0, "late ");
    await sleep(500);
    expect(await stored()).toEqual([{ path: "main.py", content: "ok before\n" }]);
  });
});
