import * as services from "@codeclass/services";
import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { actorFromUser, type Context } from "../src/context.ts";
import { chatFeed } from "../src/router/chat.ts";
import { followFloorChanges } from "../src/session-floor-hub.ts";

const t = useTestDatabase();
let instructor: UserRow;
let courseId: string;
const students: UserRow[] = [];

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor", name: "Ada Instructor" });
  courseId = (await makeCourse(t.db, instructor)).id;
  for (let i = 0; i < 8; i++) {
    const u = await makeUser(t.db);
    await enroll(t.db, courseId, u.id, "student");
    students.push(u);
  }
});

/**
 * A student following the session's chat in-process (as `chat.events` does), through the shared
 * feed or reading for themselves, with re-checks `recheckMs` apart; `seen` fills as messages come.
 */
function follow(user: UserRow, sessionId: string, options: { viaFeed: boolean; recheckMs: () => number; signal: AbortSignal }) {
  const ctx = { db: t.db, actor: actorFromUser(user) } as unknown as Context & { actor: services.Actor };
  const seen: string[] = [];
  const stream = followFloorChanges(ctx, sessionId, {
    staff: false,
    from: 0,
    signal: options.signal,
    kinds: () => ["chat"],
    read: async (viewer, after) => (await services.chat.readEvents(t.db, viewer, sessionId, after)).map((m) => ({ id: m.seq, value: m })),
    pageSize: services.chat.chatEventsPage,
    ...(options.viaFeed ? { shared: chatFeed } : {}),
    recheckMs: options.recheckMs,
  });
  const done = (async () => {
    for await (const [, message] of stream as AsyncIterable<[string, { body: string }]>) seen.push(message.body);
  })();
  return { seen, done };
}

describe("following a session's chat", () => {
  test("a follower whose re-check is held up while a notice arrives reads the change after it", async () => {
    const s = await callerFor(t.db, instructor).session.create({ courseId, title: "Lecture", startsAt: new Date(), durationMinutes: 60 });
    await callerFor(t.db, instructor).session.start({ sessionId: s.id });
    const stop = new AbortController();
    let first = true;
    // The first re-check comes after 400 ms (both followers), the next in a minute.
    const followers = [false, true].map((viaFeed) =>
      follow(students[0]!, s.id, { viaFeed, recheckMs: () => (first ? 400 : 60_000), signal: stop.signal }),
    );
    first = false;
    // Both have read (nothing yet) and wait; a message stored without a notice wakes neither.
    await new Promise((r) => setTimeout(r, 100));
    await t.sql`insert into session_messages (session_id, author_id, body) values (${s.id}, ${instructor.id}, 'quiet')`;
    await t.sql.begin(async (tx) => {
      // The re-checks read the session: held up behind this lock until the transaction ends.
      await tx`lock table course_sessions in access exclusive mode`;
      const held = async () =>
        (await tx`select count(*)::int as n from pg_locks where relation = 'course_sessions'::regclass and not granted`)[0]!.n as number;
      await expect.poll(held, { timeout: 5000 }).toBe(2);
      // The notice arrives while both re-checks wait.
      await t.sql`select pg_notify(${services.floor.sessionFloorChannel}, ${JSON.stringify({ sessionId: s.id, kind: "chat" })})`;
      await new Promise((r) => setTimeout(r, 200));
    });
    for (const f of followers) await expect.poll(() => f.seen, { timeout: 3000 }).toEqual(["quiet"]);
    stop.abort();
    await Promise.all(followers.map((f) => f.done));
  });

  test("a notice that arrives while a follower re-checks its access is not lost", async () => {
    const s = await callerFor(t.db, instructor).session.create({ courseId, title: "Lecture", startsAt: new Date(), durationMinutes: 60 });
    await callerFor(t.db, instructor).session.start({ sessionId: s.id });
    const stop = new AbortController();
    // Two tabs per student (16 followers), half through the process's shared feed, half reading for
    // themselves, re-checking every few milliseconds: most notices land while some re-check is under way.
    const followers = [...students, ...students].map((u, k) =>
      follow(u, s.id, { viaFeed: k % 2 === 1, recheckMs: () => 2 + Math.random() * 3, signal: stop.signal }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const sent: string[] = [];
    for (let round = 0; round < 3; round++)
      for (const [i, u] of students.entries()) {
        const body = `m${round}-${i}`;
        await callerFor(t.db, u).chat.send({ sessionId: s.id, body });
        sent.push(body);
        await new Promise((r) => setTimeout(r, Math.random() * 4));
      }
    // Every follower gets every message soon after, though nothing more is said to wake it.
    for (const f of followers) await expect.poll(() => f.seen, { timeout: 3000 }).toEqual(sent);
    stop.abort();
    await Promise.all(followers.map((f) => f.done));
  });
});
