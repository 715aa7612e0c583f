import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { clientShape, rejection } from "./helpers.ts";

const t = useTestDatabase();

/**
 * Course A: students s1, s2, s3 and a TA; course B: student s4 (platform-wide only); course D: one
 * run whose language text is a spreadsheet formula (CSV escaping). Times are UTC instants chosen
 * to land on different days and hours in Asia/Seoul (UTC+9), UTC and America/New_York.
 */
let admin: UserRow;
let instructor: UserRow;
let otherInstructor: UserRow;
let ta: UserRow;
let s1: UserRow;
let s2: UserRow;
let s3: UserRow;
let courseA: string;
let courseD: string;

async function run(userId: string, courseId: string, language: string, verdict: string | null, at: string) {
  await t.sql`insert into runs (user_id, course_id, language, files, files_hash, status, verdict, created_at)
    values (${userId}, ${courseId}, ${language}, '[]'::jsonb, 'x', ${verdict ? "finished" : "queued"}, ${verdict}, ${at})`;
}

async function workspaceOf(courseId: string, ownerId: string) {
  const [ws] = await t.sql`insert into workspaces (course_id, owner_id, kind) values (${courseId}, ${ownerId}, 'student') returning id`;
  return ws!.id as string;
}

async function edit(workspaceId: string, authorId: string, source: "edit" | "sync" | "template", chars: number, at: string) {
  await t.sql`insert into workspace_updates (workspace_id, author_id, update, bytes, inserted_chars, source, at)
    values (${workspaceId}, ${authorId}, ${Buffer.from([0, 0])}, 2, ${chars}, ${source}, ${at})`;
}

beforeAll(async () => {
  admin = await makeUser(t.db, { role: "admin" });
  instructor = await makeUser(t.db, { role: "instructor" });
  otherInstructor = await makeUser(t.db, { role: "instructor" });
  ta = await makeUser(t.db);
  [s1, s2, s3] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
  const s4 = await makeUser(t.db);
  const a = await makeCourse(t.db, instructor);
  courseA = a.id;
  for (const s of [s1, s2, s3]) await enroll(t.db, courseA, s.id, "student");
  await enroll(t.db, courseA, ta.id, "ta");
  const b = await makeCourse(t.db, otherInstructor);
  await enroll(t.db, b.id, s4.id, "student");
  const d = await makeCourse(t.db, instructor);
  courseD = d.id;
  await enroll(t.db, courseD, s1.id, "student");

  // Seoul: 03-08 23:59:59.999 (out of a range from 03-09) and 03-09 00:00 (in).
  await run(s2.id, courseA, "python", "OK", "2026-03-08T14:59:59.999Z");
  await run(s2.id, courseA, "python", "OK", "2026-03-08T15:00:00Z");
  await run(s1.id, courseA, "python", "OK", "2026-03-09T14:30:00Z"); // Seoul Mon 03-09 23:30, UTC Mon 14:30
  await run(s1.id, courseA, "python", "RUNTIME_ERROR", "2026-03-09T15:10:00Z"); // Seoul Tue 03-10 00:10, UTC Mon 15:10
  await run(s2.id, courseA, "c", "COMPILE_ERROR", "2026-03-10T01:00:00Z"); // Seoul Tue 10:00
  await run(ta.id, courseA, "python", "OK", "2026-03-10T02:00:00Z"); // Seoul Tue 11:00; a TA is not an active student
  await run(s2.id, courseA, "c", null, "2026-03-11T14:59:59Z"); // Seoul Wed 03-11 23:59:59, still queued
  await run(s1.id, courseA, "java", "OK", "2026-03-11T15:00:00Z"); // Seoul Thu 03-12 00:00: past a range ending 03-11
  await run(s4.id, b.id, "java", "OK", "2026-03-10T03:00:00Z"); // course B, Seoul Tue 12:00

  const w1 = await workspaceOf(courseA, s1.id);
  const w3 = await workspaceOf(courseA, s3.id);
  await edit(w1, instructor.id, "template", 100, "2026-03-09T10:00:00Z"); // the starting template is nobody's edit
  await edit(w1, s1.id, "edit", 5, "2026-03-09T14:00:00Z"); // Seoul Mon 23:00
  await edit(w1, s1.id, "sync", 2, "2026-03-10T16:00:00Z"); // Seoul Wed 03-11 01:00
  await edit(w3, s3.id, "edit", 7, "2026-03-10T05:00:00Z"); // Seoul Tue 14:00; s3 only edits

  // New York's 2025-11-02 lasts 25 hours (EDT until 02:00, then EST): from 04:00Z to 05:00Z the next day.
  await run(s1.id, courseA, "go", "OK", "2025-11-02T03:59:59Z"); // 11-01 23:59:59 EDT: out
  await run(s1.id, courseA, "go", "OK", "2025-11-02T04:00:00Z"); // 00:00 EDT
  await run(s1.id, courseA, "go", "OK", "2025-11-02T05:30:00Z"); // 01:30 EDT
  await run(s1.id, courseA, "go", "OK", "2025-11-02T06:30:00Z"); // 01:30 EST, the same hour again
  await run(s1.id, courseA, "go", "OK", "2025-11-03T04:30:00Z"); // 23:30 EST
  await run(s1.id, courseA, "go", "OK", "2025-11-03T05:00:00Z"); // 11-03 00:00 EST: out

  await run(s1.id, courseD, '=HYPERLINK("http://evil.example","x")', "OK", "2026-03-09T12:00:00Z");
});

const seoul = { from: "2026-03-09", to: "2026-03-11", timeZone: "Asia/Seoul" };
const zeroes = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]));

describe("activity.course: one course's series, cut into the viewer's days and hours", () => {
  test("Asia/Seoul: active students, runs by language and verdict, edits, per local day; the range's ends included", async () => {
    const d = await callerFor(t.db, instructor).activity.course({ courseId: courseA, ...seoul });
    expect(d.range).toEqual({ courseId: courseA, ...seoul, days: 3 });
    // 03-09: s2 (00:00 run) and s1; 03-10: s1, s2, s3 (edit only), not the TA; 03-11: s2 (queued run) and s1 (sync).
    expect(d.activeStudents).toEqual([
      { day: "2026-03-09", students: 2 },
      { day: "2026-03-10", students: 3 },
      { day: "2026-03-11", students: 2 },
    ]);
    expect(d.totals).toEqual({ activeStudents: 3, runs: 6, edits: 3 });
    expect(d.runsByLanguage).toEqual({
      keys: ["c", "python"],
      rows: [
        { day: "2026-03-09", total: 2, counts: { c: 0, python: 2 } },
        { day: "2026-03-10", total: 3, counts: { c: 1, python: 2 } },
        { day: "2026-03-11", total: 1, counts: { c: 1, python: 0 } },
      ],
    });
    const verdictKeys = ["OK", "COMPILE_ERROR", "RUNTIME_ERROR", "PENDING"];
    expect(d.runsByVerdict).toEqual({
      keys: verdictKeys,
      rows: [
        { day: "2026-03-09", total: 2, counts: { ...zeroes(verdictKeys), OK: 2 } },
        { day: "2026-03-10", total: 3, counts: { ...zeroes(verdictKeys), OK: 1, COMPILE_ERROR: 1, RUNTIME_ERROR: 1 } },
        { day: "2026-03-11", total: 1, counts: { ...zeroes(verdictKeys), PENDING: 1 } },
      ],
    });
    expect(d.edits).toEqual([
      { day: "2026-03-09", edits: 1, insertedChars: 5 },
      { day: "2026-03-10", edits: 1, insertedChars: 7 },
      { day: "2026-03-11", edits: 1, insertedChars: 2 },
    ]);
    expect(d.submissions).toEqual({ available: false, rows: [] });
    expect(d.attendance).toEqual({ available: false, rows: [] });
  });

  test("Asia/Seoul: the busiest hours are a 7 × 24 grid of local weekdays (1 Monday) and hours", async () => {
    const d = await callerFor(t.db, ta).activity.course({ courseId: courseA, ...seoul });
    expect(d.busiestHours).toHaveLength(168);
    expect(d.busiestHours[0]).toEqual({ weekday: 1, hour: 0, runs: 1, edits: 0 });
    expect(d.busiestHours.filter((c) => c.runs || c.edits)).toEqual([
      { weekday: 1, hour: 0, runs: 1, edits: 0 },
      { weekday: 1, hour: 23, runs: 1, edits: 1 },
      { weekday: 2, hour: 0, runs: 1, edits: 0 },
      { weekday: 2, hour: 10, runs: 1, edits: 0 },
      { weekday: 2, hour: 11, runs: 1, edits: 0 },
      { weekday: 2, hour: 14, runs: 0, edits: 1 },
      { weekday: 3, hour: 1, runs: 0, edits: 1 },
      { weekday: 3, hour: 23, runs: 1, edits: 0 },
    ]);
  });

  test("UTC: the same events fall on other days and hours", async () => {
    const d = await callerFor(t.db, instructor).activity.course({ courseId: courseA, ...seoul, timeZone: "UTC" });
    expect(d.runsByLanguage.keys).toEqual(["c", "python", "java"]);
    expect(d.runsByLanguage.rows.map((r) => [r.day, r.counts])).toEqual([
      ["2026-03-09", { c: 0, python: 2, java: 0 }],
      ["2026-03-10", { c: 1, python: 1, java: 0 }],
      ["2026-03-11", { c: 1, python: 0, java: 1 }],
    ]);
    expect(d.activeStudents.map((r) => r.students)).toEqual([1, 3, 2]);
    expect(d.busiestHours.filter((c) => c.runs).map((c) => [c.weekday, c.hour, c.runs])).toEqual([
      [1, 14, 1],
      [1, 15, 1],
      [2, 1, 1],
      [2, 2, 1],
      [3, 14, 1],
      [3, 15, 1],
    ]);
  });

  test("America/New_York: the 25-hour day of the switch to winter time counts its own runs, the repeated 1 AM once as hour 1", async () => {
    const d = await callerFor(t.db, instructor).activity.course({
      courseId: courseA,
      from: "2025-11-02",
      to: "2025-11-02",
      timeZone: "America/New_York",
    });
    expect(d.runsByLanguage).toEqual({ keys: ["go"], rows: [{ day: "2025-11-02", total: 4, counts: { go: 4 } }] });
    expect(d.busiestHours.filter((c) => c.runs).map((c) => [c.weekday, c.hour, c.runs])).toEqual([
      [7, 0, 1],
      [7, 1, 2],
      [7, 23, 1],
    ]);
  });

  test("a range without events has every day at zero and no keys", async () => {
    const d = await callerFor(t.db, instructor).activity.course({
      courseId: courseA,
      from: "2024-02-28",
      to: "2024-03-01",
      timeZone: "UTC",
    });
    expect(d.activeStudents).toEqual([
      { day: "2024-02-28", students: 0 },
      { day: "2024-02-29", students: 0 },
      { day: "2024-03-01", students: 0 },
    ]);
    expect(d.runsByLanguage).toEqual({
      keys: [],
      rows: ["2024-02-28", "2024-02-29", "2024-03-01"].map((day) => ({ day, total: 0, counts: {} })),
    });
    expect(d.totals).toEqual({ activeStudents: 0, runs: 0, edits: 0 });
    expect(d.busiestHours.every((c) => c.runs === 0 && c.edits === 0)).toBe(true);
  });
});

describe("activity.platform: every course", () => {
  test("an admin sees the courses together, and a student of two courses once a day", async () => {
    const d = await callerFor(t.db, admin).activity.platform(seoul);
    // Course A's 6 runs, course B's one (Seoul Tue 12:00), course D's one (Seoul Mon 21:00).
    expect(d.totals).toEqual({ activeStudents: 4, runs: 8, edits: 3 });
    expect(d.runsByLanguage.keys).toEqual(["c", "python", "java", '=HYPERLINK("http://evil.example","x")']);
    // s1 ran in courses A and D on 03-09: one active student, not two.
    expect(d.activeStudents.map((r) => r.students)).toEqual([2, 4, 2]);
    expect(d.range.courseId).toBeNull();
  });
});

describe("who may see activity", () => {
  test("students, another course's instructor and non-admins for the platform are refused", async () => {
    const input = { courseId: courseA, ...seoul };
    for (const who of [s1, otherInstructor]) {
      expect((await rejection(callerFor(t.db, who).activity.course(input))).code).toBe("FORBIDDEN");
      expect((await rejection(callerFor(t.db, who).activity.csv({ ...input, chart: "edits" }))).code).toBe("FORBIDDEN");
    }
    for (const who of [instructor, ta, s1]) {
      expect((await rejection(callerFor(t.db, who).activity.platform(seoul))).code).toBe("FORBIDDEN");
      expect((await rejection(callerFor(t.db, who).activity.csv({ ...seoul, chart: "edits" }))).code).toBe("FORBIDDEN");
    }
    expect((await rejection(callerFor(t.db, null).activity.platform(seoul))).code).toBe("UNAUTHORIZED");
  });
});

describe("bad ranges and zones are refused, naming the field and the limit", () => {
  const caller = () => callerFor(t.db, admin);
  const refused = async (input: Record<string, unknown>) => {
    const error = await rejection(caller().activity.platform(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    return clientShape(error).message;
  };

  test("to before from", async () => {
    expect(await refused({ ...seoul, from: "2026-03-12" })).toBe("to must be on or after from (2026-03-12)");
  });
  test("more than 366 days; 366 is allowed", async () => {
    expect(await refused({ from: "2025-01-01", to: "2026-01-02", timeZone: "UTC" })).toBe(
      "to must keep the range within 366 days: 2025-01-01 to 2026-01-02 holds 367",
    );
    const d = await caller().activity.platform({ from: "2025-01-01", to: "2026-01-01", timeZone: "UTC" });
    expect(d.activeStudents).toHaveLength(366);
  });
  test("days that are not calendar days", async () => {
    expect(await refused({ ...seoul, from: "2026-02-30" })).toBe("from must be a date written YYYY-MM-DD");
    expect(await refused({ ...seoul, to: "11/03/2026" })).toBe("to must be a date written YYYY-MM-DD");
  });
  test("time zones that are not IANA names: unknown, an offset, too long", async () => {
    const message = "timeZone must be a time zone name of the IANA database, such as Europe/Berlin or UTC";
    expect(await refused({ ...seoul, timeZone: "Mars/Olympus_Mons" })).toBe(message);
    expect(await refused({ ...seoul, timeZone: "+09:00" })).toBe(message);
    expect(await refused({ ...seoul, timeZone: `Europe/${"x".repeat(70)}` })).toContain("timeZone is too long: the limit is 64 characters");
  });
  test("an unknown chart", async () => {
    const error = await rejection(caller().activity.csv({ ...seoul, chart: "logins" as never }));
    expect(clientShape(error).message).toMatch(/^chart must be one of activeStudents, runsByLanguage/);
  });
});

describe("activity.csv: each chart's data as CSV", () => {
  test("active students and edits, one row per day", async () => {
    const teacher = callerFor(t.db, instructor);
    const active = await teacher.activity.csv({ chart: "activeStudents", courseId: courseA, ...seoul });
    expect(active.csv).toBe("day,active_students\r\n2026-03-09,2\r\n2026-03-10,3\r\n2026-03-11,2\r\n");
    expect(active.filename).toMatch(/^activity-C-.+-activeStudents-2026-03-09-to-2026-03-11\.csv$/);
    const edits = await teacher.activity.csv({ chart: "edits", courseId: courseA, ...seoul });
    expect(edits.csv).toBe("day,edits,inserted_chars\r\n2026-03-09,1,5\r\n2026-03-10,1,7\r\n2026-03-11,1,2\r\n");
  });

  test("runs by verdict: a column per verdict that occurred", async () => {
    const { csv } = await callerFor(t.db, instructor).activity.csv({ chart: "runsByVerdict", courseId: courseA, ...seoul });
    expect(csv).toBe(
      "day,total,OK,COMPILE_ERROR,RUNTIME_ERROR,PENDING\r\n2026-03-09,2,2,0,0,0\r\n2026-03-10,3,1,1,1,0\r\n2026-03-11,1,0,0,0,1\r\n",
    );
  });

  test("busiest hours: 168 rows, weekdays by name", async () => {
    const { csv } = await callerFor(t.db, instructor).activity.csv({ chart: "busiestHours", courseId: courseA, ...seoul });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(169);
    expect(lines.slice(0, 2)).toEqual(["weekday,hour,runs,edits", "Monday,0,1,0"]);
    expect(lines).toContain("Monday,23,1,1");
    expect(lines.at(-1)).toBe("Sunday,23,0,0");
  });

  test("a cell that a spreadsheet would run as a formula is written as text", async () => {
    const { csv } = await callerFor(t.db, instructor).activity.csv({
      chart: "runsByLanguage",
      courseId: courseD,
      from: "2026-03-09",
      to: "2026-03-09",
      timeZone: "UTC",
    });
    expect(csv).toBe(`day,total,"'=HYPERLINK(""http://evil.example"",""x"")"\r\n2026-03-09,1,1\r\n`);
  });

  test("submissions and attendance: a header and no rows until assignments and live sessions exist", async () => {
    const teacher = callerFor(t.db, instructor);
    expect((await teacher.activity.csv({ chart: "submissions", courseId: courseA, ...seoul })).csv).toBe("day,submissions\r\n");
    expect((await teacher.activity.csv({ chart: "attendance", courseId: courseA, ...seoul })).csv).toBe("day,attendees\r\n");
  });
});
