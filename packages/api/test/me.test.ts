import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { rejection } from "./helpers.ts";

const t = useTestDatabase();

let me: UserRow;
let other: UserRow;
let courseA: string;
let courseB: string;

/** A run row: finished with `verdict`, or still queued when it is null. */
async function run(userId: string, courseId: string, language: string, verdict: string | null, at: string) {
  const [row] = await t.sql`insert into runs (user_id, course_id, language, files, files_hash, status, verdict, created_at)
    values (${userId}, ${courseId}, ${language}, '[]'::jsonb, 'x', ${verdict ? "finished" : "queued"}, ${verdict}, ${at}) returning id`;
  return row!.id as string;
}

/**
 * Mine: 30 python runs in course A, one a day from 2025-01-01 (every third a TIME_LIMIT, else OK),
 * 3 c runs in course B (one still queued). The other student's runs share both courses.
 */
beforeAll(async () => {
  const teacher = await makeUser(t.db, { role: "instructor" });
  me = await makeUser(t.db);
  other = await makeUser(t.db);
  courseA = (await makeCourse(t.db, teacher)).id;
  courseB = (await makeCourse(t.db, teacher)).id;
  for (const c of [courseA, courseB]) for (const u of [me, other]) await enroll(t.db, c, u.id, "student");
  for (let day = 1; day <= 30; day++) {
    const at = `2025-01-${String(day).padStart(2, "0")}T10:00:00Z`;
    await run(me.id, courseA, "python", day % 3 === 0 ? "TIME_LIMIT" : "OK", at);
    await run(other.id, courseA, "python", "OK", at);
  }
  await run(me.id, courseB, "c", "COMPILE_ERROR", "2025-02-01T09:00:00Z");
  await run(me.id, courseB, "c", "OK", "2025-02-02T09:00:00Z");
  await run(me.id, courseB, "c", null, "2025-02-03T09:00:00Z");
  await run(other.id, courseB, "c", "OK", "2025-02-03T09:00:00Z");
});

describe("me.history", () => {
  test("pages through the caller's own runs only, newest first, with the total", async () => {
    const caller = callerFor(t.db, me);
    const first = await caller.me.history({ pageSize: 10 });
    expect(first).toMatchObject({ total: 33, page: 1, pageSize: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.items[0]).toMatchObject({ courseId: courseB, language: "c", status: "queued", verdict: null });
    const last = await caller.me.history({ pageSize: 10, page: 4 });
    expect(last.items.map((r) => r.createdAt.toISOString())).toEqual([
      "2025-01-03T10:00:00.000Z",
      "2025-01-02T10:00:00.000Z",
      "2025-01-01T10:00:00.000Z",
    ]);
    const all = [];
    for (let page = 1; page <= 4; page++) all.push(...(await caller.me.history({ pageSize: 10, page })).items);
    expect(new Set(all.map((r) => r.id)).size).toBe(33);
    const mine = await t.sql`select id from runs where user_id = ${me.id}`;
    expect(new Set(all.map((r) => r.id))).toEqual(new Set(mine.map((r) => r.id)));
    expect(await caller.me.history({ page: 5, pageSize: 10 })).toMatchObject({ total: 33, items: [] });
  });

  test("filters by course, language, verdict (PENDING for unfinished) and an inclusive date range, combined", async () => {
    const caller = callerFor(t.db, me);
    expect((await caller.me.history({ courseId: courseB })).total).toBe(3);
    expect((await caller.me.history({ language: "python" })).total).toBe(30);
    expect((await caller.me.history({ verdict: "TIME_LIMIT" })).total).toBe(10);
    expect((await caller.me.history({ verdict: "PENDING" })).items.map((r) => r.status)).toEqual(["queued"]);
    const january10to19 = await caller.me.history({ from: new Date("2025-01-10T00:00:00Z"), to: new Date("2025-01-19T23:59:59.999Z") });
    expect(january10to19.total).toBe(10);
    const combined = await caller.me.history({
      courseId: courseA,
      language: "python",
      verdict: "TIME_LIMIT",
      from: new Date("2025-01-10T00:00:00Z"),
      to: new Date("2025-01-21T10:00:00Z"),
    });
    expect(combined.items.map((r) => r.createdAt.toISOString().slice(0, 10))).toEqual([
      "2025-01-21",
      "2025-01-18",
      "2025-01-15",
      "2025-01-12",
    ]);
    expect(combined.items[0]).toMatchObject({ courseId: courseA, courseCode: expect.any(String), verdict: "TIME_LIMIT" });
    expect((await caller.me.history({ courseId: courseB, language: "python" })).total).toBe(0);
  });

  test("bad filters are refused naming the field and the limit", async () => {
    const caller = callerFor(t.db, me);
    const cases: [object, RegExp][] = [
      [{ pageSize: 101 }, /pageSize is too large: the limit is 100/],
      [{ page: 0 }, /page must be 1 or more/],
      [{ language: "cobol" }, /language must be one of c, cpp/],
      [{ verdict: "ok; drop table runs" }, /verdict must be a verdict such as OK/],
      [{ from: new Date("2025-02-01"), to: new Date("2025-01-01") }, /to must not be before the start date/],
      [{ userId: other.id }, /unrecognized key/i],
    ];
    for (const [input, message] of cases) {
      const error = await rejection(caller.me.history(input as never));
      expect(error.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(error.message, JSON.stringify(input)).toMatch(message);
    }
    expect((await rejection(callerFor(t.db, null).me.history({}))).code).toBe("UNAUTHORIZED");
  });
});

describe("me.dashboard", () => {
  test("courses I take and teach, upcoming sessions of my courses only, my 5 latest runs", async () => {
    const teacher = await makeUser(t.db, { role: "instructor" });
    const taught = await makeCourse(t.db, teacher, { title: "Algorithms" });
    const taken = await makeCourse(t.db, teacher, { title: "Databases" });
    const notMine = await makeCourse(t.db, teacher, { title: "Networks" });
    const ta = await makeUser(t.db);
    await enroll(t.db, taught.id, ta.id, "ta");
    await enroll(t.db, taken.id, ta.id, "student");
    const soon = new Date(Date.now() + 3_600_000);
    const later = new Date(Date.now() + 86_400_000);
    const past = new Date(Date.now() - 86_400_000);
    const session = (courseId: string, title: string, startsAt: Date) =>
      t.sql`insert into course_sessions (course_id, title, starts_at, ends_at) values (${courseId}, ${title}, ${startsAt.toISOString()}, ${new Date(startsAt.getTime() + 3_600_000).toISOString()})`;
    await session(taken.id, "Tomorrow's lecture", later);
    await session(taught.id, "Lab in an hour", soon);
    await session(taken.id, "Yesterday's lecture", past);
    await session(notMine.id, "Someone else's lecture", soon);
    for (let i = 0; i < 7; i++) await run(ta.id, taken.id, "python", "OK", `2025-03-0${i + 1}T08:00:00Z`);

    const dash = await callerFor(t.db, ta).me.dashboard();
    expect(dash.teaching).toEqual([expect.objectContaining({ id: taught.id, title: "Algorithms", role: "ta", archived: false })]);
    expect(dash.taking).toEqual([expect.objectContaining({ id: taken.id, title: "Databases", role: "student" })]);
    expect(dash.upcomingSessions.map((s) => s.title)).toEqual(["Lab in an hour", "Tomorrow's lecture"]);
    expect(dash.recentRuns.map((r) => r.createdAt.toISOString().slice(0, 10))).toEqual([
      "2025-03-07",
      "2025-03-06",
      "2025-03-05",
      "2025-03-04",
      "2025-03-03",
    ]);

    const fresh = await makeUser(t.db);
    expect(await callerFor(t.db, fresh).me.dashboard()).toEqual({ taking: [], teaching: [], upcomingSessions: [], recentRuns: [] });

    // Enrolled by email, signed up but not verified: the enrollment is not in effect, so nothing of the course shows.
    const unverified = await makeUser(t.db);
    await enroll(t.db, taken.id, unverified.id, "student");
    await enroll(t.db, taught.id, unverified.id, "ta");
    await t.sql`update "user" set email_verified = false where id = ${unverified.id}`;
    expect(await callerFor(t.db, unverified).me.dashboard()).toEqual({ taking: [], teaching: [], upcomingSessions: [], recentRuns: [] });
    await t.sql`update "user" set email_verified = true where id = ${unverified.id}`;
    const verified = await callerFor(t.db, unverified).me.dashboard();
    expect(verified.taking.map((c) => c.id)).toEqual([taken.id]);
    expect(verified.upcomingSessions.map((s) => s.title)).toEqual(["Lab in an hour", "Tomorrow's lecture"]);
  });
});

describe("me.attendance", () => {
  test("the sessions I joined, newest first, minutes counting overlapping connections once; filters and paging; nobody else's", async () => {
    const teacher = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, teacher);
    const other = await makeCourse(t.db, teacher);
    const student = await makeUser(t.db);
    const classmate = await makeUser(t.db);
    const session = async (courseId: string, title: string, startsAt: string) => {
      const [row] = await t.sql`insert into course_sessions (course_id, title, starts_at, ends_at, status)
        values (${courseId}, ${title}, ${startsAt}, ${startsAt}::timestamptz + interval '1 hour', 'ended') returning id`;
      return row!.id as string;
    };
    const attend = (sessionId: string, userId: string, identity: string, from: string, to: string) =>
      t.sql`insert into session_attendance (session_id, user_id, identity, joined_at, left_at) values (${sessionId}, ${userId}, ${identity}, ${from}, ${to})`;
    const monday = await session(course.id, "Monday lecture", "2025-04-07T09:00:00Z");
    const tuesday = await session(course.id, "Tuesday lab", "2025-04-08T09:00:00Z");
    const elsewhere = await session(other.id, "Other course", "2025-04-09T09:00:00Z");
    // Monday: two tabs overlapping 09:00–09:40 and 09:30–10:00 are 60 minutes, not 70; a rejoin after a drop adds 5.
    await attend(monday, student.id, `${student.id}-a`, "2025-04-07T09:00:00Z", "2025-04-07T09:40:00Z");
    await attend(monday, student.id, `${student.id}-b`, "2025-04-07T09:30:00Z", "2025-04-07T10:00:00Z");
    await attend(monday, student.id, `${student.id}-c`, "2025-04-07T10:10:00Z", "2025-04-07T10:15:00Z");
    await attend(tuesday, student.id, `${student.id}-d`, "2025-04-08T09:05:00Z", "2025-04-08T09:35:00Z");
    await attend(elsewhere, student.id, `${student.id}-e`, "2025-04-09T09:00:00Z", "2025-04-09T09:10:00Z");
    await attend(tuesday, classmate.id, `${classmate.id}-a`, "2025-04-08T09:00:00Z", "2025-04-08T10:00:00Z");

    const caller = callerFor(t.db, student);
    const all = await caller.me.attendance({});
    expect(all.total).toBe(3);
    expect(all.items.map((i) => [i.title, i.minutes, i.connections])).toEqual([
      ["Other course", 10, 1],
      ["Tuesday lab", 30, 1],
      ["Monday lecture", 65, 3],
    ]);
    expect(all.items[2]).toMatchObject({
      courseId: course.id,
      firstJoinedAt: new Date("2025-04-07T09:00:00Z"),
      lastLeftAt: new Date("2025-04-07T10:15:00Z"),
    });
    expect((await caller.me.attendance({ courseId: course.id })).items.map((i) => i.title)).toEqual(["Tuesday lab", "Monday lecture"]);
    expect(
      (await caller.me.attendance({ from: new Date("2025-04-08T00:00:00Z"), to: new Date("2025-04-08T23:59:59Z") })).items.map(
        (i) => i.title,
      ),
    ).toEqual(["Tuesday lab"]);
    const page2 = await caller.me.attendance({ pageSize: 2, page: 2 });
    expect([page2.total, page2.items.map((i) => i.title)]).toEqual([3, ["Monday lecture"]]);
    expect((await callerFor(t.db, classmate).me.attendance({})).items.map((i) => [i.title, i.minutes])).toEqual([["Tuesday lab", 60]]);
    expect((await rejection(caller.me.attendance({ language: "python" } as never))).message).toMatch(/unrecognized key/i);
  });
});
