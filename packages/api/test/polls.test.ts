import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { clientShape, refusedWithoutWrites, rejection } from "./helpers.ts";

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

const colours = { kind: "single" as const, question: "Which colour is the sky?", options: ["red", "blue", "green"], correct: [1] };

type Tracked<T> = [string, T];
type Poll = Awaited<ReturnType<ReturnType<typeof as>["polls"]["create"]>>;

/**
 * Holds the session's poll lock from another connection and starts `calls` one after another, each
 * once the one before waits in the lock's queue (counted on the holder's connection); none settles
 * while the lock is held. Then lets go and returns how each ended: "stored" or its error's message.
 */
async function queuedOnPollLock(sessionId: string, calls: (() => Promise<unknown>)[]): Promise<string[]> {
  const outcomes: Promise<string>[] = [];
  await t.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`session-polls:${sessionId}`}))`;
    const waiting = async () =>
      (
        await tx`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`
      )[0]!.n as number;
    for (const call of calls) {
      outcomes.push(
        call().then(
          () => "stored",
          (e: Error) => e.message,
        ),
      );
      await expect.poll(waiting, { timeout: 5000 }).toBe(outcomes.length);
    }
    let settled = false;
    void Promise.race(outcomes).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
  });
  return Promise.all(outcomes);
}

describe("polls", () => {
  test("staff ask in a scheduled or live session; students answer; counts are live to staff only until revealed", async () => {
    const sessionId = await session("scheduled");
    const poll = await as(ta).polls.create({ sessionId, ...colours });
    expect(poll).toMatchObject({ status: "open", resultsRevealed: false, correct: [1], results: { respondents: 0, counts: [0, 0, 0] } });
    await as(instructor).session.start({ sessionId });

    const mine = await as(student).polls.answer({ pollId: poll.id, options: [1] });
    expect(mine).toMatchObject({ mine: { options: [1] }, results: null, correct: null });
    await as(classmate).polls.answer({ pollId: poll.id, options: [0] });

    const [staffView] = await as(instructor).polls.list({ sessionId });
    expect(staffView!.results).toEqual({ respondents: 2, counts: [1, 1, 0], answers: null });
    // Before the reveal a student sees the question and their own answer, never counts or the right option.
    const [before] = await as(student).polls.list({ sessionId });
    expect(before).toMatchObject({
      question: colours.question,
      options: colours.options,
      mine: { options: [1] },
      results: null,
      correct: null,
    });
    const [other] = await as(classmate).polls.list({ sessionId });
    expect(other!.mine).toEqual({ options: [0] });

    const revealed = await as(instructor).polls.reveal({ pollId: poll.id });
    expect(revealed).toMatchObject({ status: "closed", resultsRevealed: true });
    const [after] = await as(student).polls.list({ sessionId });
    expect(after).toMatchObject({ correct: [1], results: { respondents: 2, counts: [1, 1, 0] } });
  });

  test("outsiders may not list, follow or answer; a student may not create, close or reveal; staff do not answer", async () => {
    const sessionId = await session();
    const poll = await as(instructor).polls.create({ sessionId, ...colours });
    for (const call of [
      () => as(outsider).polls.list({ sessionId }),
      () => as(outsider).polls.events({ sessionId }),
      () => as(outsider).polls.answer({ pollId: poll.id, options: [1] }),
      () => as(outsider).polls.create({ sessionId, ...colours }),
      () => as(student).polls.create({ sessionId, ...colours }),
      () => as(student).polls.close({ pollId: poll.id }),
      () => as(student).polls.reveal({ pollId: poll.id }),
      () => as(ta).polls.answer({ pollId: poll.id, options: [1] }),
      () => as(instructor).polls.answer({ pollId: poll.id, options: [1] }),
    ]) {
      expect((await rejection(call())).code).toBe("FORBIDDEN");
    }
    expect((await rejection(as(null).polls.list({ sessionId }))).code).toBe("UNAUTHORIZED");
    expect(await t.sql`select count(*)::int as n from session_polls where session_id = ${sessionId}`).toEqual([{ n: 1 }]);
    expect(await t.sql`select count(*)::int as n from session_poll_answers where poll_id = ${poll.id}`).toEqual([{ n: 0 }]);
  });

  test("a closed poll takes no answers and keeps the earlier one; an ended session takes no new polls", async () => {
    const sessionId = await session();
    const poll = await as(instructor).polls.create({ sessionId, ...colours });
    await as(student).polls.answer({ pollId: poll.id, options: [2] });
    const closed = await as(instructor).polls.close({ pollId: poll.id });
    expect(closed).toMatchObject({ status: "closed", resultsRevealed: false, closedAt: expect.any(Date) });
    const late = await refusedWithoutWrites(t, () => as(student).polls.answer({ pollId: poll.id, options: [1] }));
    expect(late.code).toBe("CONFLICT");
    expect(late.message).toMatch(/pollId.*closed/);
    expect(await t.sql`select answer from session_poll_answers where poll_id = ${poll.id}`).toEqual([{ answer: { options: [2] } }]);
    // Closed but not revealed: still hidden from students.
    expect((await as(student).polls.list({ sessionId }))[0]).toMatchObject({ results: null, correct: null });
    await as(instructor).session.end({ sessionId });
    const ended = await rejection(as(instructor).polls.create({ sessionId, ...colours }));
    expect(ended.code).toBe("CONFLICT");
    expect(ended.message).toMatch(/sessionId.*has ended/);
  });

  test("bad polls and bad answers are refused naming the field", async () => {
    const sessionId = await session();
    const bad = async (call: Promise<unknown>, field: string, pattern: RegExp) => {
      const error = await rejection(call);
      expect(error.code).toBe("BAD_REQUEST");
      expect(clientShape(error).message).toMatch(new RegExp(`${field}.*${pattern.source}`));
    };
    await bad(as(instructor).polls.create({ sessionId, ...colours, question: "q".repeat(501) }), "question", /limit is 500/);
    await bad(as(instructor).polls.create({ sessionId, ...colours, options: ["only one"], correct: [] }), "options", /at least 2/);
    await bad(
      as(instructor).polls.create({ sessionId, ...colours, options: Array.from({ length: 11 }, (_, i) => `o${i}`), correct: [] }),
      "options",
      /limit is 10/,
    );
    await bad(as(instructor).polls.create({ sessionId, ...colours, options: ["a", "b".repeat(201)] }), "options.1", /limit is 200/);
    await bad(as(instructor).polls.create({ sessionId, ...colours, correct: [5] }), "correct", /option 5/);
    await bad(as(instructor).polls.create({ sessionId, ...colours, correct: [0, 1] }), "correct", /one option/);
    await bad(as(instructor).polls.create({ sessionId, kind: "short", question: "Why?", options: ["a", "b"] }), "options", /empty/);

    const single = await as(instructor).polls.create({ sessionId, ...colours });
    const multiple = await as(instructor).polls.create({ sessionId, kind: "multiple", question: "Primes?", options: ["2", "3", "4"] });
    const short = await as(instructor).polls.create({ sessionId, kind: "short", question: "One word for recursion?" });
    await bad(as(student).polls.answer({ pollId: single.id, options: [0, 1] }), "options", /single-choice/);
    await bad(as(student).polls.answer({ pollId: single.id, options: [3] }), "options", /option 3.*0 to 2/);
    await bad(as(student).polls.answer({ pollId: single.id }), "options", /choose an option/);
    await bad(as(student).polls.answer({ pollId: single.id, text: "blue" }), "text", /takes options/);
    await bad(as(student).polls.answer({ pollId: multiple.id, options: [1, 1] }), "options", /twice/);
    await bad(as(student).polls.answer({ pollId: short.id, options: [0] }), "options", /text answer/);
    await bad(as(student).polls.answer({ pollId: short.id, text: "x".repeat(501) }), "text", /limit is 500/);
    await bad(as(student).polls.answer({ pollId: short.id, text: "   " }), "text", /type an answer/);
    expect(
      await t.sql`select count(*)::int as n from session_poll_answers a join session_polls p on p.id = a.poll_id
      where p.session_id = ${sessionId}`,
    ).toEqual([{ n: 0 }]);

    // Good answers of each kind; short answers are kept as text, named for staff and anonymous for students.
    await as(student).polls.answer({ pollId: multiple.id, options: [1, 0] });
    await as(student).polls.answer({ pollId: short.id, text: "<b>itself</b>" });
    const staff = await as(ta).polls.list({ sessionId });
    expect(staff[1]!.results).toEqual({ respondents: 1, counts: [1, 1, 0], answers: null });
    expect(staff[2]!.results).toEqual({ respondents: 1, counts: [], answers: [{ name: "Sam Student", text: "<b>itself</b>" }] });
    await as(ta).polls.reveal({ pollId: short.id });
    const seen = await as(classmate).polls.list({ sessionId });
    expect(seen[2]!.results).toEqual({ respondents: 1, counts: [], answers: [{ name: null, text: "<b>itself</b>" }] });
    expect(seen[1]!.results).toBeNull();
  });

  test("200 students answering at once, some twice, are each counted exactly once", async () => {
    const sessionId = await session();
    const poll = await as(instructor).polls.create({ sessionId, kind: "single", question: "Ready?", options: ["yes", "no"] });
    const students = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const u = await makeUser(t.db);
        await enroll(t.db, courseId, u.id, "student");
        return u;
      }),
    );
    // Every fourth student answers twice (a retry, or a change of mind to "no"), all at the same time.
    const calls = students.flatMap((u, i) => {
      const first = as(u).polls.answer({ pollId: poll.id, options: [0] });
      return i % 4 === 0 ? [first, as(u).polls.answer({ pollId: poll.id, options: [i % 8 === 0 ? 1 : 0] })] : [first];
    });
    expect(calls).toHaveLength(250);
    await Promise.all(calls);

    const [view] = await as(instructor).polls.list({ sessionId });
    expect(view!.results!.respondents).toBe(200);
    expect(view!.results!.counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(
      await t.sql`select count(*)::int as n, count(distinct user_id)::int as d from session_poll_answers where poll_id = ${poll.id}`,
    ).toEqual([{ n: 200, d: 200 }]);
    // The counts match what is stored, whichever of a student's two answers came last.
    const [stored] =
      await t.sql`select count(*) filter (where answer = '{"options":[1]}')::int as no from session_poll_answers where poll_id = ${poll.id}`;
    expect(view!.results!.counts).toEqual([200 - stored!.no, stored!.no]);
  });

  test("answers to two polls at once: each stored once, and a staff follower misses none", async () => {
    const sessionId = await session();
    const a = await as(instructor).polls.create({ sessionId, kind: "single", question: "A?", options: ["yes", "no"] });
    const b = await as(instructor).polls.create({ sessionId, kind: "single", question: "B?", options: ["yes", "no"] });
    const staffStream = (await as(ta).polls.events({ sessionId }))[Symbol.asyncIterator]();
    const latest = new Map<string, Poll>();
    const ids: number[] = [];
    const follow = (async () => {
      for (;;) {
        const { value, done } = await staffStream.next();
        if (done) return;
        const [id, poll] = value as unknown as Tracked<Poll>;
        ids.push(Number(id));
        latest.set(poll.id, poll);
        if (poll.id === a.id && poll.status === "closed") return;
      }
    })();
    const students = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const u = await makeUser(t.db);
        await enroll(t.db, courseId, u.id, "student");
        return u;
      }),
    );
    await Promise.all(
      students.flatMap((u, i) => [
        as(u).polls.answer({ pollId: a.id, options: [i % 2] }),
        as(u).polls.answer({ pollId: b.id, options: [0] }),
      ]),
    );
    const stored = async (pollId: string) =>
      (await t.sql`select count(*)::int as n from session_poll_answers where poll_id = ${pollId}`)[0]!.n as number;
    expect([await stored(a.id), await stored(b.id)]).toEqual([60, 60]);
    // The follower's latest view of each poll reaches what is stored: no change number was skipped.
    await expect
      .poll(() => [latest.get(a.id)?.results?.respondents, latest.get(b.id)?.results?.respondents], { timeout: 5000 })
      .toEqual([60, 60]);
    // Change numbers only grow: a smaller one would be a change committed after a later one was read.
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    await as(instructor).polls.close({ pollId: a.id });
    await follow;
    await staffStream.return?.();
  });

  test("answers wait for the session's poll lock; one checked while the poll was open but written after its close is refused and not stored", async () => {
    const sessionId = await session();
    const poll = await as(instructor).polls.create({ sessionId, ...colours });
    const [early, closing, late] = await queuedOnPollLock(sessionId, [
      () => as(student).polls.answer({ pollId: poll.id, options: [1] }),
      () => as(instructor).polls.close({ pollId: poll.id }),
      // Checked now, the poll is still open; its write comes after the close.
      () => as(classmate).polls.answer({ pollId: poll.id, options: [0] }),
    ]);
    expect([early, closing]).toEqual(["stored", "stored"]);
    expect(late).toMatch(/pollId.*closed/);
    expect(await t.sql`select user_id from session_poll_answers where poll_id = ${poll.id}`).toEqual([{ user_id: student.id }]);
  });

  test("ending the session closes its open polls; an answer checked before the end but written after it is refused and not stored", async () => {
    const sessionId = await session();
    const poll = await as(instructor).polls.create({ sessionId, ...colours });
    const earlier = await as(instructor).polls.create({ sessionId, ...colours, question: "Closed before the end" });
    const closedBefore = await as(instructor).polls.close({ pollId: earlier.id });
    const [early, ending, late] = await queuedOnPollLock(sessionId, [
      () => as(student).polls.answer({ pollId: poll.id, options: [1] }),
      () => as(instructor).session.end({ sessionId }),
      // Checked now, the session is still live (its end has not committed); the write comes after the end.
      () => as(classmate).polls.answer({ pollId: poll.id, options: [0] }),
    ]);
    expect([early, ending]).toEqual(["stored", "stored"]);
    expect(late).toMatch(/pollId.*closed/);
    expect(await t.sql`select user_id from session_poll_answers where poll_id = ${poll.id}`).toEqual([{ user_id: student.id }]);
    // Both polls read as closed; the one closed before keeps its time.
    const polls = await as(student).polls.list({ sessionId });
    expect(polls.map((p) => [p.id, p.status])).toEqual(
      expect.arrayContaining([
        [poll.id, "closed"],
        [earlier.id, "closed"],
      ]),
    );
    expect(polls.find((p) => p.id === poll.id)!.closedAt).toBeInstanceOf(Date);
    expect(polls.find((p) => p.id === earlier.id)!.closedAt).toEqual(closedBefore.closedAt);
    const after = await rejection(as(student).polls.answer({ pollId: poll.id, options: [2] }));
    expect(after.message).toMatch(/pollId.*session has ended/);
  });

  test("a poll asked as the session ends: asked first, the end closes it; asked after, it is refused; never a deadlock", async () => {
    const ask = (sessionId: string) => () => as(ta).polls.create({ sessionId, ...colours });
    const end = (sessionId: string) => () => as(instructor).session.end({ sessionId });
    const first = await session();
    expect(await queuedOnPollLock(first, [ask(first), end(first)])).toEqual(["stored", "stored"]);
    expect((await as(instructor).polls.list({ sessionId: first })).map((p) => p.status)).toEqual(["closed"]);
    const second = await session();
    const [ended, late] = await queuedOnPollLock(second, [end(second), ask(second)]);
    expect(ended).toBe("stored");
    expect(late).toMatch(/sessionId.*has ended/);
    expect(await as(instructor).polls.list({ sessionId: second })).toEqual([]);
  });

  test("polls.events: staff follow results live; students get asked, closed and revealed; a reconnect resumes after lastEventId", async () => {
    const sessionId = await session();
    const first = await as(instructor).polls.create({ sessionId, ...colours });

    const staffStream = (await as(ta).polls.events({ sessionId }))[Symbol.asyncIterator]();
    const studentStream = (await as(classmate).polls.events({ sessionId }))[Symbol.asyncIterator]();
    const next = async (it: AsyncIterator<unknown>) => (await it.next()).value as Tracked<Poll>;

    const [staffId0, staff0] = await next(staffStream);
    expect(staff0).toMatchObject({ id: first.id, results: { respondents: 0 } });
    const [studentId0, student0] = await next(studentStream);
    expect(student0).toMatchObject({ id: first.id, status: "open", results: null, correct: null });

    await as(student).polls.answer({ pollId: first.id, options: [1] });
    const [staffId1, staff1] = await next(staffStream);
    expect(Number(staffId1)).toBeGreaterThan(Number(staffId0));
    expect(staff1.results).toMatchObject({ respondents: 1, counts: [0, 1, 0] });

    // The student stream skips the answer and wakes for the reveal.
    await as(instructor).polls.reveal({ pollId: first.id });
    const [studentId1, student1] = await next(studentStream);
    expect(Number(studentId1)).toBeGreaterThan(Number(studentId0));
    expect(student1).toMatchObject({ id: first.id, resultsRevealed: true, correct: [1], results: { respondents: 1, counts: [0, 1, 0] } });
    const [, staff2] = await next(staffStream);
    expect(staff2).toMatchObject({ status: "closed", resultsRevealed: true });
    await staffStream.return?.();
    await studentStream.return?.();

    // Offline meanwhile: a second poll is asked; resuming after the last event gets just that.
    const second = await as(instructor).polls.create({ sessionId, kind: "short", question: "Questions?" });
    const resumed = (await as(classmate).polls.events({ sessionId, lastEventId: studentId1 }))[Symbol.asyncIterator]();
    const [, again] = await next(resumed);
    expect(again).toMatchObject({ id: second.id, kind: "short", status: "open" });
    await resumed.return?.();
  });
});
