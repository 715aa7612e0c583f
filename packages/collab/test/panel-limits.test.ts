import { callerFor, enroll, eventually, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import {
  type Client,
  makeClass,
  openDoc,
  openSocket,
  openSocketWithHeaders,
  sessionCookie,
  useCleanup,
  useCollabServer,
} from "./helpers.ts";

const t = useTestDatabase();
const ownOrigin = "http://localhost:3000";
const server = useCollabServer(t, { allowedOrigins: [ownOrigin] });
useCleanup();

/** Hocuspocus's own limit on documents awaiting authentication on one socket. */
const hocuspocusDefault = 100;
const classSize = hocuspocusDefault + 30;

/** A course of `classSize` students, each with a workspace, and the instructor's session token. */
async function bigClass() {
  const c = await makeClass(t);
  const names: string[] = [];
  for (let i = 0; i < classSize; i++) {
    const s = await makeUser(t.db);
    await enroll(t.db, c.course.id, s.id, "student");
    names.push((await callerFor(t.db, s).workspace.getOrCreate({ courseId: c.course.id })).documentName);
  }
  return { names, token: await c.token(c.instructor) };
}

const allSynced = (docs: Client[]) => {
  const behind = docs.filter((d) => !d.provider.isSynced).length;
  if (behind) throw new Error(`${behind} of ${docs.length} not synced`);
};

describe("a review panel opens a large course over one socket", () => {
  let cls: Awaited<ReturnType<typeof bigClass>>;

  test("signed in on the upgrade (bearer header): every document opens at once, past Hocuspocus's 100", async () => {
    cls = await bigClass();
    const socket = openSocketWithHeaders(server.url, { authorization: `Bearer ${cls.token}` });
    const docs = cls.names.map((n) => openDoc(socket, n, cls.token));
    await eventually(() => allSynced(docs), 30_000);
    expect(docs.flatMap((d) => [...d.refusals, ...d.closes])).toEqual([]);
  }, 60_000);

  test("signed in on the upgrade (the browser's cookie from the server's own page): the same", async () => {
    const socket = openSocketWithHeaders(server.url, { cookie: sessionCookie(cls.token), origin: ownOrigin });
    const docs = cls.names.map((n) => openDoc(socket, n, null));
    await eventually(() => allSynced(docs), 30_000);
  }, 60_000);

  test("no session on the upgrade (or a bad one, or a cookie from another page): Hocuspocus's limit stands and the socket is closed", async () => {
    const anonymous = [
      openSocket(server.url),
      openSocketWithHeaders(server.url, { authorization: "Bearer not-a-session" }),
      openSocketWithHeaders(server.url, { cookie: sessionCookie(cls.token), origin: "http://localhost:5555" }),
    ];
    for (const socket of anonymous) {
      const closed = new Promise<void>((resolve) => socket.on("disconnect", () => resolve()));
      // Each document's own token is valid: only the socket's flood of pending documents is refused.
      const docs = cls.names.map((n) => openDoc(socket, n, cls.token));
      await closed;
      expect(docs.filter((d) => d.provider.isSynced).length).toBeLessThan(classSize);
    }
  }, 60_000);
});
