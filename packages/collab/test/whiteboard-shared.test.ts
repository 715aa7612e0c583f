/**
 * Whiteboards served by several servers (REDIS_URL, a real redis-server on loopback): log inserts
 * hold the whiteboard's fence, and a snapshot folds in the rows the other servers logged, so no
 * snapshot claims a position past an acknowledged stroke it lacks (storage.ts, `fencedRead`).
 */
import { whiteboard as boards } from "@codeclass/services";
import { eventually, startRedis, useTestDatabase } from "@codeclass/test-utils";
import { whiteboardDocumentName } from "@codeclass/validators";
import { afterAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { logFences } from "../src/storage.ts";
import { acknowledged, liveSession, makeClass, openDoc, useCleanup, useCollabServer } from "./helpers.ts";

const redis = await startRedis();
afterAll(() => redis.stop());
const t = useTestDatabase();
const server = useCollabServer(t, { redisUrl: redis.url });
useCleanup();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stroke as y-excalidraw keeps it: a Y.Map `{ el, pos }` in the `elements` array. */
function draw(doc: Y.Doc, id: string) {
  const elements = doc.getArray<Y.Map<unknown>>("elements");
  const m = new Y.Map<unknown>();
  m.set("el", { id, type: "rectangle", x: 10, y: 20, width: 30, height: 40, version: 1, versionNonce: 1, isDeleted: false });
  m.set("pos", `a${elements.length}`);
  elements.push([m]);
}
const ids = (doc: Y.Doc) =>
  doc
    .getArray<Y.Map<unknown>>("elements")
    .toArray()
    .map((m) => (m.get("el") as { id: string }).id)
    .sort();

const fence = logFences.whiteboard;

describe("a whiteboard shared with other servers", () => {
  test("a stroke another server logged but never passed on is in this server's next snapshot", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    const staff = openDoc(server.url, whiteboardDocumentName(sessionId), await c.token(c.instructor));
    await eventually(() => expect(staff.provider.isSynced).toBe(true));
    draw(staff.doc, "one");
    await eventually(() => acknowledged(staff));

    // Another server's stroke: its row committed (under the fence, as that server's insert does),
    // but that server died before Redis carried the update here.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(staff.doc));
    const before = Y.encodeStateVector(other);
    draw(other, "from-the-other-server");
    const update = Buffer.from(Y.encodeStateAsUpdate(other, before));
    await t.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock_shared(${fence}, hashtext(${sessionId}))`;
      await tx`insert into whiteboard_updates (session_id, author_id, update, bytes) values (${sessionId}, ${c.ta.id}, ${update}, ${update.byteLength})`;
    });

    // A later stroke here: its row's id is above the other server's, and the snapshot written
    // after it claims that position, so it must hold the other server's stroke too.
    draw(staff.doc, "two");
    await eventually(() => acknowledged(staff));
    expect(ids(staff.doc)).toEqual(["one", "two"]);
    const [last] = await t.sql`select max(id)::int as id from whiteboard_updates where session_id = ${sessionId}`;
    await eventually(async () => {
      const [row] = await t.sql`select state_update_id from session_whiteboards where session_id = ${sessionId}`;
      expect(Number(row?.state_update_id)).toBe(last!.id);
    });
    // The snapshot alone (the log's rows up to its position are not read again on load).
    const [stored] = await t.sql`select state from session_whiteboards where session_id = ${sessionId}`;
    const snapshot = new Y.Doc();
    Y.applyUpdate(snapshot, stored!.state as Uint8Array);
    expect(ids(snapshot)).toEqual(["from-the-other-server", "one", "two"]);
    expect(ids((await boards.loadWhiteboardDoc(t.db, sessionId)).doc)).toEqual(["from-the-other-server", "one", "two"]);
  });

  test("a stroke's log insert holds the whiteboard's fence: while a snapshot reads the log, it waits", async () => {
    const c = await makeClass(t);
    const sessionId = await liveSession(t, c.course.id);
    const staff = openDoc(server.url, whiteboardDocumentName(sessionId), await c.token(c.instructor));
    await eventually(() => expect(staff.provider.isSynced).toBe(true));

    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const taken = new Promise<void>((r) => {
      locked = r;
    });
    const reader = t.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${fence}, hashtext(${sessionId}))`;
      locked();
      await held;
    });
    await taken;
    draw(staff.doc, "waits");
    await sleep(400);
    const [during] = await t.sql`select count(*)::int as n from whiteboard_updates where session_id = ${sessionId}`;
    expect(during!.n).toBe(0);
    expect(staff.provider.unsyncedChanges).toBeGreaterThan(0);
    release();
    await reader;
    await eventually(() => acknowledged(staff));
    const [after] = await t.sql`select count(*)::int as n from whiteboard_updates where session_id = ${sessionId}`;
    expect(after!.n).toBe(1);
  });
});
