import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { clientShape, rejection } from "./helpers.ts";

const t = useTestDatabase();
let instructor: UserRow;
let ta: UserRow;
let student: UserRow;
let classmate: UserRow;
let outsider: UserRow;
let courseId: string;

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ada Instructor" });
  ta = await makeUser(t.db, { name: "Tom TA" });
  student = await makeUser(t.db, { name: "Sam Student" });
  classmate = await makeUser(t.db, { name: "Cleo Classmate" });
  outsider = await makeUser(t.db, { name: "Olly Outsider" });
  courseId = (await makeCourse(t.db, instructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  await enroll(t.db, courseId, student.id, "student");
  await enroll(t.db, courseId, classmate.id, "student");
});

const as = (user: UserRow | null) => callerFor(t.db, user);

async function session(status: "scheduled" | "live" = "live") {
  const s = await as(instructor).session.create({ courseId, title: "Lecture", startsAt: new Date(), durationMinutes: 60 });
  if (status === "live") await as(instructor).session.start({ sessionId: s.id });
  return s.id;
}

/** A fresh student of the course (each has their own rate-limit budget). */
async function freshStudent() {
  const u = await makeUser(t.db);
  await enroll(t.db, courseId, u.id, "student");
  return u;
}

/** The first `n` events of a stream, then the stream is closed. */
async function take<T>(stream: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const event of stream) {
    out.push(event);
    if (out.length >= n) break;
  }
  return out;
}

type Tracked<T> = [string, T];

describe("chat", () => {
  test("members send before and during the session; the text is stored and returned exactly as given", async () => {
    const sessionId = await session("scheduled");
    const text = "  <b>not bold</b> & https://example.com/?a=1&b=2\n second line 🎉  ";
    const sent = await as(student).chat.send({ sessionId, body: text });
    expect(sent).toMatchObject({ body: text, toStaff: false, deleted: false, author: { id: student.id, name: "Sam Student" } });
    const [row] = await t.sql`select body from session_messages where id = ${sent.id}`;
    expect(row!.body).toBe(text);
    await as(instructor).session.start({ sessionId });
    await as(ta).chat.send({ sessionId, body: "welcome" });
    const page = await as(classmate).chat.history({ sessionId });
    expect(page.messages.map((m) => m.body)).toEqual([text, "welcome"]);
    expect(page.hasMore).toBe(false);
  });

  test("a message over 2000 characters is refused naming the field and the limit; an empty one says to type something", async () => {
    const sessionId = await session();
    const ok = await as(student).chat.send({ sessionId, body: "x".repeat(2000) });
    expect(ok.body).toHaveLength(2000);
    const long = await rejection(as(student).chat.send({ sessionId, body: "x".repeat(2001) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(clientShape(long).message).toMatch(/body.*the limit is 2000 characters/);
    const empty = await rejection(as(student).chat.send({ sessionId, body: "   " }));
    expect(clientShape(empty).message).toMatch(/body.*type a message/);
  });

  test("outsiders may not send, read or follow; an ended session's chat is closed but readable", async () => {
    const sessionId = await session();
    await as(student).chat.send({ sessionId, body: "hi" });
    expect((await rejection(as(outsider).chat.send({ sessionId, body: "let me in" }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).chat.history({ sessionId }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).chat.events({ sessionId }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(null).chat.history({ sessionId }))).code).toBe("UNAUTHORIZED");
    expect(await t.sql`select count(*)::int as n from session_messages where author_id = ${outsider.id}`).toEqual([{ n: 0 }]);
    await as(instructor).session.end({ sessionId });
    const closed = await rejection(as(student).chat.send({ sessionId, body: "late" }));
    expect(closed.code).toBe("CONFLICT");
    expect(closed.message).toMatch(/has ended/);
    expect((await as(student).chat.history({ sessionId })).messages.map((m) => m.body)).toEqual(["hi"]);
  });

  test("a private message to staff is seen by its author and the staff only, in history and in the stream", async () => {
    const sessionId = await session();
    await as(student).chat.send({ sessionId, body: "public" });
    const secret = await as(student).chat.send({ sessionId, body: "I am stuck on question 2", toStaff: true });
    expect(secret.toStaff).toBe(true);
    const bodies = async (u: UserRow) => (await as(u).chat.history({ sessionId })).messages.map((m) => m.body);
    expect(await bodies(student)).toEqual(["public", "I am stuck on question 2"]);
    expect(await bodies(instructor)).toEqual(["public", "I am stuck on question 2"]);
    expect(await bodies(ta)).toEqual(["public", "I am stuck on question 2"]);
    expect(await bodies(classmate)).toEqual(["public"]);
    // The stream from the start: the classmate gets the public message, then the next one, never the private one.
    await as(classmate).chat.send({ sessionId, body: "after" });
    const events = (await take(await as(classmate).chat.events({ sessionId }), 2)) as unknown as Tracked<{ body: string }>[];
    expect(events.map(([, m]) => m.body)).toEqual(["public", "after"]);
    const staffEvents = (await take(await as(ta).chat.events({ sessionId }), 3)) as unknown as Tracked<{ body: string }>[];
    expect(staffEvents.map(([, m]) => m.body)).toEqual(["public", "I am stuck on question 2", "after"]);
  });

  test("only staff delete; the message stays as deleted, without its text, and the stream says so", async () => {
    const sessionId = await session();
    const author = await freshStudent();
    const m = await as(author).chat.send({ sessionId, body: "rude words" });
    const page = await as(classmate).chat.history({ sessionId });
    expect((await rejection(as(author).chat.delete({ sessionId, messageId: m.id }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(classmate).chat.delete({ sessionId, messageId: m.id }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).chat.delete({ sessionId, messageId: m.id }))).code).toBe("FORBIDDEN");
    const deleted = await as(ta).chat.delete({ sessionId, messageId: m.id });
    expect(deleted).toMatchObject({ id: m.id, deleted: true, body: null });
    expect(deleted.seq).toBeGreaterThan(m.seq);
    const [row] = await t.sql`select body, deleted_by from session_messages where id = ${m.id}`;
    expect(row).toEqual({ body: "rude words", deleted_by: ta.id });
    expect((await as(classmate).chat.history({ sessionId })).messages).toEqual([
      expect.objectContaining({ id: m.id, deleted: true, body: null }),
    ]);
    // A client that read the page before the deletion gets the deletion after the page's cursor.
    const [change] = (await take(await as(classmate).chat.events({ sessionId, lastEventId: page.cursor }), 1)) as unknown as Tracked<{
      id: number;
      deleted: boolean;
    }>[];
    expect(change![1]).toMatchObject({ id: m.id, deleted: true });
    const again = await as(instructor).chat.delete({ sessionId, messageId: m.id });
    expect(again.seq).toBe(deleted.seq);
    const audit = await t.sql`select action, actor_id from audit_log where target_id = ${sessionId} and action = 'chat.delete'`;
    expect(audit).toEqual([{ action: "chat.delete", actor_id: ta.id }]);
    expect((await rejection(as(ta).chat.delete({ sessionId, messageId: m.id + 1_000_000 }))).code).toBe("NOT_FOUND");
  });

  test("history pages backwards from the newest", async () => {
    const sessionId = await session();
    const a = await freshStudent();
    const b = await freshStudent();
    for (let i = 1; i <= 8; i++) await as(i % 2 ? a : b).chat.send({ sessionId, body: `m${i}` });
    const newest = await as(a).chat.history({ sessionId, limit: 3 });
    expect(newest.messages.map((m) => m.body)).toEqual(["m6", "m7", "m8"]);
    expect(newest.hasMore).toBe(true);
    const older = await as(a).chat.history({ sessionId, limit: 5, before: newest.messages[0]!.id });
    expect(older.messages.map((m) => m.body)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(older.hasMore).toBe(false);
    expect(clientShape(await rejection(as(a).chat.history({ sessionId, limit: 101 }))).message).toMatch(/limit.*100/);
  });

  test("a sender over 5 messages in 5 seconds is refused with TOO_MANY_REQUESTS saying when to retry; others are not held back", async () => {
    const sessionId = await session();
    const fast = await freshStudent();
    await Promise.all([1, 2, 3, 4, 5].map((i) => as(fast).chat.send({ sessionId, body: `burst ${i}` })));
    const refused = await rejection(as(fast).chat.send({ sessionId, body: "one more" }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/try again in [1-5] seconds?/);
    expect(await t.sql`select count(*)::int as n from session_messages where author_id = ${fast.id}`).toEqual([{ n: 5 }]);
    const other = await freshStudent();
    await as(other).chat.send({ sessionId, body: "I can still talk" });
    // Once the burst is older than 5 s, the sender may talk again.
    await t.sql`update session_messages set created_at = created_at - interval '6 seconds' where author_id = ${fast.id}`;
    await as(fast).chat.send({ sessionId, body: "back" });
  });

  test("60 messages a minute at most", async () => {
    const sessionId = await session();
    const chatty = await freshStudent();
    await t.sql`insert into session_messages (session_id, author_id, body, created_at)
      select ${sessionId}, ${chatty.id}, 'old ' || i, now() - interval '50 seconds' + (i * interval '100 milliseconds')
      from generate_series(1, 60) i`;
    const refused = await rejection(as(chatty).chat.send({ sessionId, body: "61st" }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/60 messages in the last minute; try again in \d+ seconds?/);
  });
});

describe("hands", () => {
  test("a queue in the order raised: staff see it whole, a student only their own place", async () => {
    const sessionId = await session();
    const [a, b, c] = [await freshStudent(), await freshStudent(), await freshStudent()];
    expect((await as(a).hands.raise({ sessionId })).mine).toMatchObject({ raised: true, position: 1 });
    expect((await as(b).hands.raise({ sessionId })).mine).toMatchObject({ raised: true, position: 2 });
    const cState = await as(c).hands.raise({ sessionId });
    expect(cState).toMatchObject({ mine: { raised: true, position: 3 }, queue: null, staff: false });
    // Raising again keeps the place.
    expect((await as(a).hands.raise({ sessionId })).mine).toMatchObject({ position: 1 });
    const staffView = await as(ta).hands.state({ sessionId });
    expect(staffView.queue!.map((h) => [h.userId, h.position])).toEqual([
      [a.id, 1],
      [b.id, 2],
      [c.id, 3],
    ]);
    await as(a).hands.lower({ sessionId });
    expect((await as(c).hands.state({ sessionId })).mine).toMatchObject({ position: 2 });
    expect((await as(a).hands.state({ sessionId })).mine).toEqual({ raised: false });
    expect((await rejection(as(b).hands.lowerFor({ sessionId, userId: c.id }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(b).hands.lowerAll({ sessionId }))).code).toBe("FORBIDDEN");
    const afterOne = await as(instructor).hands.lowerFor({ sessionId, userId: b.id });
    expect(afterOne.queue!.map((h) => h.userId)).toEqual([c.id]);
    await as(a).hands.raise({ sessionId });
    const cleared = await as(instructor).hands.lowerAll({ sessionId });
    expect(cleared).toMatchObject({ lowered: 2, queue: [] });
    const [row] = await t.sql`select lowered_by from session_hands where user_id = ${c.id} and session_id = ${sessionId}`;
    expect(row!.lowered_by).toBe(instructor.id);
    expect((await rejection(as(outsider).hands.raise({ sessionId }))).code).toBe("FORBIDDEN");
  });

  test("hands go up only while the session is live", async () => {
    const sessionId = await session("scheduled");
    const refused = await rejection(as(student).hands.raise({ sessionId }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/not started yet/);
  });

  test("hands.events: the view at once, then each change", async () => {
    const sessionId = await session();
    const a = await freshStudent();
    const stream = (await as(ta).hands.events({ sessionId }))[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ queue: [] });
    await as(a).hands.raise({ sessionId });
    expect((await stream.next()).value).toMatchObject({ queue: [{ userId: a.id, position: 1 }] });
    await as(instructor).hands.lowerAll({ sessionId });
    expect((await stream.next()).value).toMatchObject({ queue: [] });
    await stream.return?.(undefined);
  });
});

describe("reactions", () => {
  test("only the fixed set; broadcast to the session's members; counted per user, not stored; rate-limited", async () => {
    const sessionId = await session();
    const a = await freshStudent();
    const bad = await rejection(as(a).reactions.send({ sessionId, emoji: "💩" as never }));
    expect(clientShape(bad).message).toMatch(/emoji.*must be one of 👍/);
    expect((await rejection(as(outsider).reactions.send({ sessionId, emoji: "👍" }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(outsider).reactions.events({ sessionId }))).code).toBe("FORBIDDEN");
    const stream = (await as(classmate).reactions.events({ sessionId }))[Symbol.asyncIterator]();
    const first = stream.next();
    // The stream's generator registers with the hub on its first step.
    await new Promise((r) => setTimeout(r, 100));
    const sent = await as(a).reactions.send({ sessionId, emoji: "🎉" });
    expect((await first).value).toEqual(sent);
    for (let i = 0; i < 9; i++) await as(a).reactions.send({ sessionId, emoji: "👏" });
    const tooMany = await rejection(as(a).reactions.send({ sessionId, emoji: "👏" }));
    expect(tooMany.code).toBe("TOO_MANY_REQUESTS");
    expect(tooMany.message).toMatch(/try again in (10|[1-9]) seconds?/);
    expect(await t.sql`select count from session_reaction_counts where session_id = ${sessionId} and user_id = ${a.id}`).toEqual([
      { count: 10 },
    ]);
    await stream.return?.(undefined);
  });
});
