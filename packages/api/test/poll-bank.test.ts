import { callerFor, enroll, makeCourse, makeUser, type UserRow, useTestDatabase } from "@codeclass/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { refusedWithoutWrites, rejection } from "./helpers.ts";

const t = useTestDatabase();
let instructor: UserRow;
let ta: UserRow;
let student: UserRow;
let otherInstructor: UserRow;
let courseId: string;
let otherCourseId: string;

beforeAll(async () => {
  instructor = await makeUser(t.db, { role: "instructor" });
  otherInstructor = await makeUser(t.db, { role: "instructor" });
  ta = await makeUser(t.db);
  student = await makeUser(t.db);
  courseId = (await makeCourse(t.db, instructor)).id;
  otherCourseId = (await makeCourse(t.db, otherInstructor)).id;
  await enroll(t.db, courseId, ta.id, "ta");
  await enroll(t.db, courseId, student.id, "student");
});

const as = (user: UserRow | null) => callerFor(t.db, user);

async function liveSession(course = courseId, by = instructor) {
  const s = await as(by).session.create({ courseId: course, title: "Lecture", startsAt: new Date(), durationMinutes: 60 });
  await as(by).session.start({ sessionId: s.id });
  return s.id;
}

const bankRows = (course: string) => t.sql`select kind, question from course_poll_questions where course_id = ${course} order by question`;

describe("the question bank", () => {
  test("staff save questions of every kind, search and filter them, and ask them again in a later session", async () => {
    const first = await liveSession();
    const choice = await as(instructor).polls.create({
      sessionId: first,
      kind: "multiple",
      question: "Which are even?",
      options: ["2", "3", "4"],
      correct: [0, 2],
    });
    const short = await as(ta).polls.create({ sessionId: first, kind: "short", question: "Name a sorting algorithm" });
    const code = await as(instructor).pollCode.create({
      sessionId: first,
      question: "Print the square of n",
      code: { language: "python", starter: "n = int(input())\n", tests: [{ stdin: "3\n", expected: "9\n" }] },
    });
    for (const poll of [choice, short, code]) await as(ta).pollBank.save({ pollId: poll.id });
    expect(await bankRows(courseId)).toEqual([
      { kind: "short", question: "Name a sorting algorithm" },
      { kind: "code", question: "Print the square of n" },
      { kind: "multiple", question: "Which are even?" },
    ]);

    expect((await as(instructor).pollBank.list({ courseId, search: "SQUARE" })).map((q) => q.question)).toEqual(["Print the square of n"]);
    // An option's text matches too; LIKE's wildcards are taken literally.
    expect((await as(instructor).pollBank.list({ courseId, search: "4" })).map((q) => q.question)).toEqual(["Which are even?"]);
    expect(await as(instructor).pollBank.list({ courseId, search: "%" })).toEqual([]);
    expect((await as(ta).pollBank.list({ courseId, kind: "short" })).map((q) => q.kind)).toEqual(["short"]);

    const later = await liveSession();
    const [codeQ] = await as(instructor).pollBank.list({ courseId, kind: "code" });
    const relaunched = await as(ta).pollBank.launch({ questionId: codeQ!.id, sessionId: later });
    expect(relaunched).toMatchObject({
      sessionId: later,
      kind: "code",
      status: "open",
      code: { language: "python", starter: "n = int(input())\n", tests: [{ stdin: "3\n", expected: "9\n" }] },
    });
    const [choiceQ] = await as(instructor).pollBank.list({ courseId, kind: "multiple" });
    const again = await as(instructor).pollBank.launch({ questionId: choiceQ!.id, sessionId: later });
    expect(again).toMatchObject({ kind: "multiple", options: ["2", "3", "4"], correct: [0, 2], results: { respondents: 0 } });
  });

  test("edits are checked by the rules of a new poll and name the field; deleting removes only the bank's copy", async () => {
    const sessionId = await liveSession();
    const poll = await as(instructor).polls.create({ sessionId, kind: "single", question: "2 + 2?", options: ["3", "4"], correct: [1] });
    const q = await as(instructor).pollBank.save({ pollId: poll.id });

    const tooFew = await refusedWithoutWrites(t, () =>
      as(instructor).pollBank.update({ questionId: q.id, question: "2 + 2?", options: ["4"] }),
    );
    expect(tooFew).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("options") });
    const twoRight = await rejection(
      as(instructor).pollBank.update({ questionId: q.id, question: "2 + 2?", options: ["4", "four"], correct: [0, 1] }),
    );
    expect(twoRight.message).toMatch(/correct.*single-choice/);
    const codeOnChoice = await rejection(
      as(instructor).pollBank.update({ questionId: q.id, question: "x", code: { language: "python", tests: [{ expected: "1" }] } }),
    );
    expect(codeOnChoice.message).toMatch(/^code\b.*for code questions/);
    const long = await rejection(as(instructor).pollBank.update({ questionId: q.id, question: "x".repeat(501), options: ["a", "b"] }));
    expect(long.message).toMatch(/question.*500/);

    const edited = await as(ta).pollBank.update({ questionId: q.id, question: "2 + 3?", options: ["5", "6"], correct: [0] });
    expect(edited).toMatchObject({ question: "2 + 3?", options: ["5", "6"], correct: [0] });
    await as(ta).pollBank.remove({ questionId: q.id });
    expect(await t.sql`select id from course_poll_questions where id = ${q.id}`).toEqual([]);
    expect(await t.sql`select question from session_polls where id = ${poll.id}`).toEqual([{ question: "2 + 2?" }]);
    expect((await rejection(as(ta).pollBank.remove({ questionId: q.id }))).code).toBe("NOT_FOUND");
  });

  test("students and other courses' staff never see or change a bank; a question is asked only in its own course's sessions", async () => {
    const sessionId = await liveSession();
    const poll = await as(instructor).polls.create({ sessionId, kind: "short", question: "Why?" });
    const q = await as(instructor).pollBank.save({ pollId: poll.id });
    for (const [user, call] of [
      [student, () => as(student).pollBank.list({ courseId })],
      [student, () => as(student).pollBank.save({ pollId: poll.id })],
      [student, () => as(student).pollBank.update({ questionId: q.id, question: "How?" })],
      [student, () => as(student).pollBank.remove({ questionId: q.id })],
      [student, () => as(student).pollBank.launch({ questionId: q.id, sessionId })],
      [otherInstructor, () => as(otherInstructor).pollBank.list({ courseId })],
      [otherInstructor, () => as(otherInstructor).pollBank.update({ questionId: q.id, question: "How?" })],
    ] as const) {
      expect((await refusedWithoutWrites(t, call)).code, user.name).toBe("FORBIDDEN");
    }
    const foreign = await liveSession(otherCourseId, otherInstructor);
    // The other course's instructor may not ask our question in their session, nor we in theirs.
    expect((await rejection(as(otherInstructor).pollBank.launch({ questionId: q.id, sessionId: foreign }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(instructor).pollBank.launch({ questionId: q.id, sessionId: foreign }))).code).toBe("FORBIDDEN");
    await enroll(t.db, otherCourseId, instructor.id, "ta");
    const mixed = await rejection(as(instructor).pollBank.launch({ questionId: q.id, sessionId: foreign }));
    expect(mixed).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^sessionId: belongs to another course/) });
    expect(await t.sql`select count(*)::int as n from session_polls where session_id = ${foreign}`).toEqual([{ n: 0 }]);
  });
});
