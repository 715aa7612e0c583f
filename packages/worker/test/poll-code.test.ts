import { courseTemplates, type Database } from "@codeclass/db";
import { type Actor, pollCode, polls, run, ServiceError, session, workspace } from "@codeclass/services";
import { enroll, makeCourse, makeUser } from "@codeclass/test-utils";
import type { GlobalRole } from "@codeclass/validators";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startRunCodeHarness } from "./harness.ts";

let pool: pg.Pool;
let db: Database;
let runQueuedJobs: () => Promise<void>;
let done = async () => {};
let instructor: Actor;
let students: Actor[];
let courseId: string;

/** The course template every student workspace starts from: three answers to "add two numbers". */
const files = [
  // Trailing spaces and no final newline difference: Judge0's rule ignores them.
  { path: "good.py", content: 'a, b = map(int, input().split())\nprint(a + b, end="  \\n\\n")\n' },
  { path: "half.py", content: "print(5)\n" },
  { path: "bad.py", content: "raise SystemExit(3)\n" },
  { path: "notes.txt", content: "not a program\n" },
];
const tests = [
  { stdin: "2 3\n", expected: "5\n" },
  { stdin: "10 -4\n", expected: "6" },
  { stdin: "0 0\n", expected: "0\n\n\n" },
];

const actorOf = (u: { id: string; role: string }): Actor => ({ id: u.id, role: u.role as GlobalRole });

beforeAll(async () => {
  const harness = await startRunCodeHarness(6);
  ({ db, pool, runQueuedJobs } = harness);
  done = harness.stop;
  const owner = await makeUser(db, { role: "instructor" });
  instructor = actorOf(owner);
  courseId = (await makeCourse(db, owner)).id;
  students = [];
  for (let i = 0; i < 4; i++) {
    const s = await makeUser(db, { name: `Student ${i}` });
    await enroll(db, courseId, s.id, "student");
    students.push(actorOf(s));
  }
  await db.insert(courseTemplates).values({ courseId, files, language: "python", entry: "good.py" });
});
afterAll(() => done());

async function liveSession() {
  const s = await session.create(db, instructor, { courseId, title: "Lab", startsAt: new Date(), durationMinutes: 60 });
  await session.start(db, instructor, { sessionId: s.id });
  return s.id;
}

const workspaceOf = async (student: Actor) => (await workspace.getOrCreate(db, student, { courseId })).id;

async function refusal(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceError);
    return e as ServiceError;
  }
  throw new Error("expected a refusal");
}

describe("code questions", () => {
  test("answers from students' workspaces are run per test in the sandbox and graded live: all passed, some, none, pending", async () => {
    const sessionId = await liveSession();
    const poll = await pollCode.create(db, instructor, {
      sessionId,
      question: "Print the sum of the two numbers on the input line",
      code: { language: "python", starter: "a, b = ...\n", tests },
    });
    expect(poll).toMatchObject({ kind: "code", status: "open", code: { language: "python", testCount: 3, tests } });

    const [good, half, bad] = students as [Actor, Actor, Actor];
    const mine = await pollCode.answer(db, good, { pollId: poll.id, workspaceId: await workspaceOf(good), path: "good.py" });
    // A student sees the language, the starter and how many tests, never the tests or counts before the reveal.
    expect(mine.code).toMatchObject({
      starter: "a, b = ...\n",
      testCount: 3,
      tests: null,
      results: null,
      mine: { path: "good.py", pending: true },
    });
    await pollCode.answer(db, half, { pollId: poll.id, workspaceId: await workspaceOf(half), path: "half.py" });
    await pollCode.answer(db, bad, { pollId: poll.id, workspaceId: await workspaceOf(bad), path: "bad.py" });

    let [staffView] = await polls.list(db, instructor, { sessionId });
    expect(staffView!.code!.results).toEqual({ allPassed: 0, some: 0, none: 0, pending: 3 });
    expect(staffView!.results!.respondents).toBe(3);

    const seqBefore = (await pool.query("select seq, state_seq from session_polls where id = $1", [poll.id])).rows[0];
    await runQueuedJobs();
    [staffView] = await polls.list(db, instructor, { sessionId });
    expect(staffView!.code!.results).toEqual({ allPassed: 1, some: 1, none: 1, pending: 0 });
    // Each grade moved the poll's change number, which staff follow (polls.events); students' state number stayed.
    const seqAfter = (await pool.query("select seq, state_seq from session_polls where id = $1", [poll.id])).rows[0];
    expect(Number(seqAfter.seq)).toBeGreaterThan(Number(seqBefore.seq));
    expect(seqAfter.state_seq).toEqual(seqBefore.state_seq);
    const verdicts = await pool.query(
      "select a.user_id, a.passed, a.total, a.graded_at is not null as graded from session_poll_code_answers a where poll_id = $1",
      [poll.id],
    );
    const byUser = Object.fromEntries(verdicts.rows.map((r) => [r.user_id, [r.passed, r.total, r.graded]]));
    expect(byUser).toEqual({ [good.id]: [3, 3, true], [half.id]: [1, 3, true], [bad.id]: [0, 3, true] });

    // Each student sees their own result; the tests and the class's results only after the reveal.
    let [own] = await polls.list(db, half, { sessionId });
    expect(own!.code).toMatchObject({ tests: null, results: null, mine: { passed: 1, total: 3, pending: false } });
    await polls.reveal(db, instructor, { pollId: poll.id });
    [own] = await polls.list(db, half, { sessionId });
    expect(own!.code).toMatchObject({ tests, results: { allPassed: 1, some: 1, none: 1, pending: 0 } });
    // Closed now: no more answers.
    const closed = await refusal(pollCode.answer(db, good, { pollId: poll.id, workspaceId: await workspaceOf(good), path: "good.py" }));
    expect(closed.code).toBe("CONFLICT");
  }, 120_000);

  test("each student's answer counts once whatever the retries: concurrent submissions end with one row, graded from the last attempt", async () => {
    const sessionId = await liveSession();
    const poll = await pollCode.create(db, instructor, { sessionId, question: "Sum", code: { language: "python", tests } });
    const student = students[3]!;
    const workspaceId = await workspaceOf(student);
    await pollCode.answer(db, student, { pollId: poll.id, workspaceId, path: "bad.py" });
    await Promise.all(Array.from({ length: 3 }, () => pollCode.answer(db, student, { pollId: poll.id, workspaceId, path: "good.py" })));
    const rows = await pool.query("select attempt, path from session_poll_code_answers where poll_id = $1", [poll.id]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].path).toBe("good.py");

    await runQueuedJobs();
    const [staffView] = await polls.list(db, instructor, { sessionId });
    expect(staffView!.code!.results).toEqual({ allPassed: 1, some: 0, none: 0, pending: 0 });
    expect(staffView!.results!.respondents).toBe(1);
    const [after] = await pool
      .query("select passed, total, graded_at from session_poll_code_answers where poll_id = $1", [poll.id])
      .then((r) => r.rows);
    expect(after).toMatchObject({ passed: 3, total: 3, graded_at: expect.any(Date) });
    // Only the last attempt's runs count; the earlier ones were asked to stop.
    const runsOfLast = await pool.query("select count(*)::int as n from session_poll_code_runs where poll_id = $1 and attempt = $2", [
      poll.id,
      rows.rows[0].attempt,
    ]);
    expect(runsOfLast.rows[0].n).toBe(3);
    const stopped = await pool.query(
      "select count(*)::int as n from session_poll_code_runs c join runs r on r.id = c.run_id where c.poll_id = $1 and c.attempt <> $2 and r.cancel_requested",
      [poll.id, rows.rows[0].attempt],
    );
    expect(stopped.rows[0].n).toBe(4 * 3 - 3);
    // Those still queued when they were replaced ended without a sandbox.
    const dropped = await pool.query(
      "select r.verdict, r.message, r.driver from session_poll_code_runs c join runs r on r.id = c.run_id where c.poll_id = $1 and c.attempt <> $2",
      [poll.id, rows.rows[0].attempt],
    );
    expect(dropped.rows).toHaveLength(9);
    for (const r of dropped.rows) expect(r).toEqual({ verdict: "STOPPED", message: "Stopped by the user before it started", driver: null });
  }, 120_000);

  test("a test run (its input may be a hidden test) is for staff only: its student cannot watch or list it in the workspace; answers past five pending are refused", async () => {
    const sessionId = await liveSession();
    const hidden = [{ stdin: "40 2\n", expected: "42\n" }];
    const poll = await pollCode.create(db, instructor, { sessionId, question: "Sum", code: { language: "python", tests: hidden } });
    const student = students[2]!;
    const workspaceId = await workspaceOf(student);
    await pollCode.answer(db, student, { pollId: poll.id, workspaceId, path: "good.py" });
    const [{ run_id: runId }] = (await pool.query("select run_id from session_poll_code_runs where poll_id = $1", [poll.id])).rows;
    const refused = await refusal(run.runForViewer(db, student, runId));
    expect(refused).toMatchObject({
      code: "FORBIDDEN",
      message: "This run tests an answer to a code question: its results are in the poll",
    });
    expect((await refusal(run.cancel(db, student, { runId }))).code).toBe("FORBIDDEN");
    expect((await refusal(run.input(db, student, { runId, data: "1 1\n" }))).code).toBe("FORBIDDEN");
    expect(await run.workspaceRuns(db, student, { workspaceId })).toEqual([]);
    // Staff watch it.
    expect(await run.runForViewer(db, instructor, runId)).toMatchObject({ id: runId });
    // Retries: five answers may be pending at once (each replaces the last); the sixth waits for the queue.
    for (let i = 0; i < 4; i++) await pollCode.answer(db, student, { pollId: poll.id, workspaceId, path: "good.py" });
    const busy = await refusal(pollCode.answer(db, student, { pollId: poll.id, workspaceId, path: "good.py" }));
    expect(busy).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "your earlier answers are still being tested: try again in a few seconds",
    });
    await runQueuedJobs();
    await pollCode.answer(db, student, { pollId: poll.id, workspaceId, path: "good.py" });
    await runQueuedJobs();
    const [answer] = (await pool.query("select passed, total from session_poll_code_answers where poll_id = $1", [poll.id])).rows;
    expect(answer).toEqual({ passed: 1, total: 1 });
  }, 120_000);

  test("only the course's students answer, from their own workspace, with a file of it in the question's language", async () => {
    const sessionId = await liveSession();
    const poll = await pollCode.create(db, instructor, { sessionId, question: "Sum", code: { language: "python", tests } });
    const [a, b] = students as [Actor, Actor];
    const wsA = await workspaceOf(a);
    const before = await pool.query("select count(*)::int as n from runs");
    expect((await refusal(pollCode.answer(db, instructor, { pollId: poll.id, workspaceId: wsA, path: "good.py" }))).code).toBe("FORBIDDEN");
    expect((await refusal(pollCode.answer(db, b, { pollId: poll.id, workspaceId: wsA, path: "good.py" }))).code).toBe("FORBIDDEN");
    const missing = await refusal(pollCode.answer(db, a, { pollId: poll.id, workspaceId: wsA, path: "nope.py" }));
    expect(missing).toMatchObject({ code: "BAD_REQUEST", field: "path" });
    const notPython = await refusal(pollCode.answer(db, a, { pollId: poll.id, workspaceId: wsA, path: "notes.txt" }));
    expect(notPython).toMatchObject({ code: "BAD_REQUEST", field: "path" });
    expect((await pool.query("select count(*)::int as n from runs")).rows[0].n).toBe(before.rows[0].n);
  });

  test("a test run whose worker died is swept as failed, so the answer does not stay pending", async () => {
    const sessionId = await liveSession();
    const poll = await pollCode.create(db, instructor, { sessionId, question: "Sum", code: { language: "python", tests: [tests[0]!] } });
    const student = students[1]!;
    await pollCode.answer(db, student, { pollId: poll.id, workspaceId: await workspaceOf(student), path: "good.py" });
    await pool.query(
      "update runs set status = 'running', heartbeat_at = now() - interval '1 hour' where id in (select run_id from session_poll_code_runs where poll_id = $1)",
      [poll.id],
    );
    expect(await run.sweep(db)).toBeGreaterThanOrEqual(1);
    const [answer] = (await pool.query("select passed, total, graded_at from session_poll_code_answers where poll_id = $1", [poll.id]))
      .rows;
    expect(answer).toMatchObject({ passed: 0, total: 1, graded_at: expect.any(Date) });
    const [staffView] = await polls.list(db, instructor, { sessionId });
    expect(staffView!.code!.results).toEqual({ allPassed: 0, some: 0, none: 1, pending: 0 });
  });

  test("Judge0's comparison ignores trailing whitespace per line and final newlines, nothing else", () => {
    expect(pollCode.sameOutput("5  \n\n", "5")).toBe(true);
    expect(pollCode.sameOutput("a \nb\t\n", "a\nb\n")).toBe(true);
    expect(pollCode.sameOutput("a\r\nb\r\n", "a\nb")).toBe(true);
    expect(pollCode.sameOutput(" 5", "5")).toBe(false);
    expect(pollCode.sameOutput("a\n\nb", "a\nb")).toBe(false);
    expect(pollCode.sameOutput("", "0")).toBe(false);
  });
});
