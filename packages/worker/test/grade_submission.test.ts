import type { Database } from "@codeclass/db";
import { callerFor, editWorkspace, enroll, makeCourse, makeUser, type UserRow } from "@codeclass/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultGradingLanes, gateSegments, laneCount } from "../src/tasks/grade_submission.ts";
import { startTestWorker } from "./harness.ts";

let db: Database;
let sql: Database["$client"];
let done = async () => {};

// On bubblewrap: there a build's visible tests share a kept sandbox and hidden tests do not, which
// these tests check end to end. (Both drivers' builds, and what a test leaves, are checked in
// sandbox/test/build.test.ts; the kept sandbox in sandbox/test/kept-sandbox.test.ts.)
beforeAll(async () => {
  const harness = await startTestWorker({ concurrency: 2, sandbox: true, dbMax: 8, gradingLanes: 2, driver: "bwrap" });
  ({ db, sql } = harness);
  done = harness.stop;
}, 60_000);
afterAll(() => done());

const doubler = "import sys\ns = sys.stdin.read().strip()\nprint(int(s) * 2 if s.isdigit() else s.upper())\n";
const checker = [
  "import sys",
  "inp, exp, act = [open(p).read() for p in sys.argv[1:4]]",
  "a = act.split()",
  "if not a: sys.exit(1)",
  "v, e = int(a[0]), int(exp.split()[0])",
  "if v == e: sys.exit(0)",
  "if abs(v - e) <= 2:",
  "    print(0.5)",
  "    sys.exit(7)",
  "print('far off', file=sys.stderr)",
  "sys.exit(1)",
].join("\n");

/** Words only the staff may ever see (a hidden test's name, input and expected output). */
const secrets = ["secret-name-xyz", "secret_in_xyz", "SECRET_IN_XYZ"];
const afterDueSecrets = ["afterdue-name", "afterdue_in", "AFTERDUE_IN"];

const tests = [
  { name: "runs at all", stdin: "1", expected: "2\n", compare: { mode: "exact" as const }, gate: true, points: 1 },
  { name: "checker accepts", stdin: "3", expected: "6", compare: { mode: "checker" as const }, points: 2 },
  { name: "checker partial", stdin: "4", expected: "9", compare: { mode: "checker" as const }, points: 2 },
  { name: "checker wrong", stdin: "10", expected: "100", compare: { mode: "checker" as const }, points: 2 },
  { name: "words", stdin: "hello world", expected: "HELLO  WORLD\n", compare: { mode: "judge0" as const }, points: 1 },
  {
    name: secrets[0]!,
    stdin: secrets[1]!,
    expected: secrets[2]!,
    compare: { mode: "tokens" as const },
    points: 3,
    visibility: "hidden" as const,
  },
  {
    name: afterDueSecrets[0]!,
    stdin: afterDueSecrets[1]!,
    expected: afterDueSecrets[2]!,
    compare: { mode: "judge0" as const },
    points: 1,
    visibility: "after_due" as const,
  },
  { name: "floats", stdin: "5", expected: "10.0000001", compare: { mode: "floats" as const, relTolerance: 1e-6 }, points: 1 },
];

async function setup(over: Record<string, unknown> = {}) {
  const instructor = await makeUser(db, { role: "instructor" });
  const course = await makeCourse(db, instructor);
  const students: UserRow[] = [];
  for (let i = 0; i < 2; i++) {
    const s = await makeUser(db);
    await enroll(db, course.id, s.id, "student");
    students.push(s);
  }
  const staff = callerFor(db, instructor);
  const { id } = await staff.assignment.create({
    courseId: course.id,
    title: "Doubling",
    statement: "# Double it\n<script>alert(1)</script>",
    languages: ["python", "cpp"],
    dueAt: new Date(Date.now() + 86_400_000),
    ...over,
  });
  const set = await staff.assignment.setTests({
    assignmentId: id,
    tests,
    checker: { language: "python", files: [{ path: "main.py", content: checker }] },
  });
  return { instructor, course, students, staff, assignmentId: id, testIds: set.testIds };
}

async function solve(student: UserRow, assignmentId: string, files: { path: string; content: string }[], language = "python") {
  const ws = await callerFor(db, student).assignment.workspace({ assignmentId });
  await editWorkspace(db, ws.id, student.id, files, language);
  return ws;
}

type Event = { type: string; result?: Record<string, unknown>; submission?: Record<string, unknown> };

/** Follows a submission's stream to its end, collecting everything the viewer received. */
async function follow(user: UserRow, submissionId: string): Promise<Event[]> {
  const stream = (await callerFor(db, user).assignment.submissionEvents({ submissionId })) as AsyncIterable<unknown>;
  const events: Event[] = [];
  for await (const message of stream) {
    const m = message as { data?: Event } | [string, Event];
    const data = (Array.isArray(m) ? m[1] : (m.data ?? (m as unknown as Event))) as Event;
    events.push(data);
    if (data.type === "end") break;
  }
  return events;
}

async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await call.then(
    (r) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(r)}`);
    },
    (e: unknown) => e,
  );
  expect((e as Error).name).toBe("TRPCError");
  return e as { code: string; message: string };
}

describe("grading a submission: compile once, every test, streamed", () => {
  test("compare modes, checker (accepted / partial / wrong), score; results stream as they finish; hidden tests stay secret", async () => {
    const w = await setup();
    const [alice] = w.students;
    await solve(alice!, w.assignmentId, [{ path: "main.py", content: doubler }]);
    const { submissionId } = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    const events = await follow(alice!, submissionId);
    const results = events.filter((e) => e.type === "result").map((e) => e.result!);
    expect(results.map((r) => [r.name, r.verdict, r.points])).toEqual([
      ["runs at all", "accepted", 1],
      ["checker accepts", "accepted", 2],
      ["checker partial", "partial", 1],
      ["checker wrong", "wrong_answer", 0],
      ["words", "wrong_answer", 0],
      ["Hidden test 6", "accepted", 3],
      ["Hidden test 7", "accepted", 1],
      ["floats", "accepted", 1],
    ]);
    // Results come in test order, one event each, as they were recorded (ids rise).
    const ids = results.map((r) => r.resultId as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const end = events.at(-1)!;
    expect(end.submission).toMatchObject({ status: "finished", compileVerdict: "OK", rawScore: 9, score: 9, maxScore: 13 });
    // The failing visible test carries a word-level diff, whitespace kept.
    const words = results.find((r) => r.name === "words")!;
    expect(words.diff).toEqual([{ value: "HELLO" }, { value: "  ", removed: true }, { value: " ", added: true }, { value: "WORLD\n" }]);
    expect(results.find((r) => r.name === "checker wrong")!.message).toBe("far off");
    // Hidden: no name, input, output, message or diff; after_due: the same before the due date.
    const hidden = results.find((r) => r.name === "Hidden test 6")!;
    expect(Object.keys(hidden).sort()).toEqual(
      ["cpuMs", "hidden", "maxPoints", "memoryKb", "name", "points", "position", "resultId", "testId", "verdict", "wallMs"].sort(),
    );
    expect(hidden.testId).toBeNull();

    // Every path a student has: the stream, the submission, the assignment, the list, the gradebook.
    const student = callerFor(db, alice!);
    const seen = JSON.stringify([
      events,
      await student.assignment.submission({ submissionId }),
      await student.assignment.get({ assignmentId: w.assignmentId }),
      await student.assignment.list({ courseId: w.course.id }),
      await student.assignment.submissions({ assignmentId: w.assignmentId }),
      await student.assignment.gradebook({ courseId: w.course.id }),
    ]);
    for (const s of [...secrets, ...afterDueSecrets]) expect(seen).not.toContain(s);
    // Staff see it all.
    const staffView = JSON.stringify(await w.staff.assignment.submission({ submissionId }));
    for (const s of secrets) expect(staffView).toContain(s);
    // The statement is stored as written (the web renders Markdown without raw HTML).
    expect((await student.assignment.get({ assignmentId: w.assignmentId })).statement).toContain("# Double it");
  }, 120_000);

  test("a failing gate test skips the tests after it; another student may not see the submission", async () => {
    const w = await setup();
    const [, bob] = w.students;
    await solve(bob!, w.assignmentId, [{ path: "main.py", content: "print('nope')\n" }]);
    const { submissionId } = await callerFor(db, bob!).assignment.submit({ assignmentId: w.assignmentId });
    const events = await follow(bob!, submissionId);
    const results = events.filter((e) => e.type === "result").map((e) => e.result!);
    expect(results.map((r) => r.verdict)).toEqual(["wrong_answer", ...Array(7).fill("skipped")]);
    expect(results[0]!.diff).toEqual([{ value: "2", removed: true }, { value: "nope", added: true }, { value: "\n" }]);
    expect(events.at(-1)!.submission).toMatchObject({ score: 0, maxScore: 13 });
    const other = w.students[0]!;
    expect((await refusal(callerFor(db, other).assignment.submission({ submissionId }))).code).toBe("FORBIDDEN");
    expect((await refusal(callerFor(db, other).assignment.submissionEvents({ submissionId }))).code).toBe("FORBIDDEN");
    expect((await refusal(callerFor(db, other).assignment.submissions({ assignmentId: w.assignmentId, userId: bob!.id }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await refusal(callerFor(db, other).assignment.setTests({ assignmentId: w.assignmentId, tests: [] }))).code).toBe("FORBIDDEN");
    expect((await refusal(callerFor(db, other).assignment.gradebook({ courseId: w.course.id, userId: bob!.id }))).code).toBe("FORBIDDEN");
  }, 120_000);

  test("with two lanes, Python's tests share two boxes at once: their runs overlap, their results still come in test order", async () => {
    const w = await setup();
    const [alice] = w.students;
    // Each test's program prints when it started and ended (its box's clock is the host's).
    const timed = "import time, sys\nstart = time.time()\ntime.sleep(0.6)\nprint(sys.stdin.read().strip(), start, time.time())\n";
    await w.staff.assignment.setTests({
      assignmentId: w.assignmentId,
      tests: ["a", "b", "c", "d"].map((name) => ({
        name,
        stdin: name,
        expected: `^${name} [0-9.]+ [0-9.]+\\s*$`,
        compare: { mode: "regex" as const },
      })),
    });
    await solve(alice!, w.assignmentId, [{ path: "main.py", content: timed }]);
    const { submissionId } = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    const events = await follow(alice!, submissionId);
    const results = events.filter((e) => e.type === "result").map((e) => e.result!);
    expect(results.map((r) => [r.name, r.verdict])).toEqual(["a", "b", "c", "d"].map((n) => [n, "accepted"]));
    const spans = (
      await sql`select t.name, r.stdout from submission_results r join assignment_tests t on t.id = r.test_id
      where r.submission_id = ${submissionId} order by t.position`
    ).map((r) => r.stdout.trim().split(" ").slice(1).map(Number) as [number, number]);
    // Some two tests ran at the same time (one started before the other ended)...
    const overlapping = spans.some(([s1, e1], i) => spans.some(([s2], j) => i !== j && s2 >= s1 && s2 < e1));
    expect(overlapping).toBe(true);
    // ...and never more than two at once.
    for (const [s] of spans) expect(spans.filter(([s2, e2]) => s2 <= s && s < e2).length).toBeLessThanOrEqual(2);
  }, 120_000);

  test("lanes: one box for compiled languages, more without a compile step (one per two cores, two at most); segments end at gate tests", () => {
    expect(laneCount("cpp", 20, 2)).toBe(1);
    expect(laneCount("java", 20, 2)).toBe(1);
    expect(laneCount("python", 20, 2)).toBe(2);
    expect(laneCount("javascript", 20, 2)).toBe(2);
    expect(laneCount("python", 1, 2)).toBe(1);
    expect(laneCount("python", 20, 1)).toBe(1);
    expect([1, 2, 3, 4, 8, 64].map((cpus) => defaultGradingLanes(cpus))).toEqual([1, 1, 1, 2, 2, 2]);
    const t = (name: string, gate = false) => ({ name, gate });
    expect(gateSegments([t("a"), t("b", true), t("c"), t("d", true)]).map((s) => s.map((x) => x.name))).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(gateSegments([t("a", true), t("b"), t("c")]).map((s) => s.map((x) => x.name))).toEqual([["a"], ["b", "c"]]);
    expect(gateSegments([])).toEqual([]);
  });

  test("a hidden test's input kept by the program (in /box, /tmp) does not reach the visible tests after it", async () => {
    const w = await setup();
    const [alice] = w.students;
    await w.staff.assignment.setTests({
      assignmentId: w.assignmentId,
      tests: [
        { name: "first", stdin: "kept_hidden_input_xyz", expected: "kept_hidden_input_xyz\n", visibility: "hidden" as const, points: 1 },
        { name: "echo a", stdin: "a", expected: "a\n", points: 1 },
        { name: "echo b", stdin: "b", expected: "b\n", points: 1 },
      ],
    });
    // Prints what an earlier test left in /box or /tmp if anything, else keeps its own input there and echoes it.
    const keeper =
      '#include <fstream>\n#include <iostream>\n#include <string>\nint main(){ std::string kept, s; for (auto p : {"/box/kept", "/tmp/kept"}) { std::ifstream in(p); if (std::getline(in, kept)) { std::cout << kept << "\\n"; return 0; } } std::getline(std::cin, s); std::ofstream("/box/kept") << s; std::ofstream("/tmp/kept") << s; std::cout << s << "\\n"; }';
    await solve(alice!, w.assignmentId, [{ path: "main.cpp", content: keeper }], "cpp");
    const { submissionId } = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    const events = await follow(alice!, submissionId);
    const results = events.filter((e) => e.type === "result").map((e) => e.result!);
    expect(results.map((r) => [r.name, r.verdict])).toEqual([
      ["Hidden test 1", "accepted"],
      ["echo a", "accepted"],
      ["echo b", "accepted"],
    ]);
    const student = callerFor(db, alice!);
    expect(JSON.stringify([events, await student.assignment.submission({ submissionId })])).not.toContain("kept_hidden_input_xyz");
  }, 120_000);

  test("a hidden test does not share a sandbox with the visible tests after it: a limit it sets on the sandbox's pid 1 is not theirs", async () => {
    const w = await setup();
    const [alice] = w.students;
    await w.staff.assignment.setTests({
      assignmentId: w.assignmentId,
      tests: [
        { name: "echo a", stdin: "a", expected: "a\n", points: 1 },
        { name: "first", stdin: "hidden 424242", expected: "hidden 424242\n", visibility: "hidden" as const, points: 1 },
        { name: "echo b", stdin: "b", expected: "b\n", points: 1 },
        { name: "echo c", stdin: "c", expected: "c\n", points: 1 },
      ],
    });
    // Prints what an earlier test left in pid 1's RLIMIT_MSGQUEUE if anything; a hidden test keeps its input there (and says so).
    const keeper =
      '#include <sys/resource.h>\n#include <iostream>\n#include <string>\nint main(){ std::string s; std::getline(std::cin, s); struct rlimit r; if (prlimit(1, RLIMIT_MSGQUEUE, nullptr, &r) != 0) return 2; if (r.rlim_cur == 424242) { std::cout << r.rlim_cur << "\\n"; return 0; } if (s.rfind("hidden ", 0) == 0) { r.rlim_cur = std::stoul(s.substr(7)); if (prlimit(1, RLIMIT_MSGQUEUE, &r, nullptr) != 0) return 3; } std::cout << s << "\\n"; }';
    await solve(alice!, w.assignmentId, [{ path: "main.cpp", content: keeper }], "cpp");
    const { submissionId } = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    const events = await follow(alice!, submissionId);
    const results = events.filter((e) => e.type === "result").map((e) => e.result!);
    expect(results.map((r) => [r.name, r.verdict])).toEqual([
      ["echo a", "accepted"],
      ["Hidden test 2", "accepted"],
      ["echo b", "accepted"],
      ["echo c", "accepted"],
    ]);
    expect(JSON.stringify(events)).not.toContain("424242");
  }, 120_000);

  test("C++: a compile error does not use an attempt when so configured; the attempt limit holds", async () => {
    const w = await setup({ attemptLimit: 1, compileErrorUsesAttempt: false });
    const [alice] = w.students;
    const student = callerFor(db, alice!);
    await solve(alice!, w.assignmentId, [{ path: "main.cpp", content: "int main( {" }], "cpp");
    const first = await student.assignment.submit({ assignmentId: w.assignmentId });
    const failed = await follow(alice!, first.submissionId);
    expect(failed.at(-1)!.submission).toMatchObject({ compileVerdict: "COMPILE_ERROR", countsAsAttempt: false, score: 0 });
    expect(failed.at(-1)!.submission!.compileOutput).toMatch(/error/);
    const good =
      '#include <iostream>\n#include <string>\n#include <cctype>\nint main(){ std::string s, all; while (std::getline(std::cin, s)) all += s; bool num = !all.empty(); for (char c : all) num = num && isdigit(c); if (num) std::cout << std::stol(all) * 2 << "\\n"; else { for (auto& c : all) c = toupper(c); std::cout << all << "\\n"; } }';
    await solve(alice!, w.assignmentId, [{ path: "main.cpp", content: good }], "cpp");
    const second = await student.assignment.submit({ assignmentId: w.assignmentId });
    const ok = await follow(alice!, second.submissionId);
    expect(ok.at(-1)!.submission).toMatchObject({ compileVerdict: "OK", score: 9 });
    const third = await refusal(student.assignment.submit({ assignmentId: w.assignmentId }));
    expect(third.code).toBe("FORBIDDEN");
    expect(third.message).toMatch(/all 1 attempts/);
  }, 120_000);
});

describe("due dates", () => {
  test("late refused when the assignment says so, unless the student has an extension", async () => {
    const w = await setup({ dueAt: new Date(Date.now() - 3_600_000), acceptLate: false });
    const [alice, bob] = w.students;
    await solve(alice!, w.assignmentId, [{ path: "main.py", content: doubler }]);
    const refused = await refusal(callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/does not accept late submissions/);
    await w.staff.assignment.setExtension({ assignmentId: w.assignmentId, userId: alice!.id, dueAt: new Date(Date.now() + 3_600_000) });
    const ok = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    expect(ok).toMatchObject({ late: false, penaltyPct: 0 });
    await follow(alice!, ok.submissionId);
    // After the due date, the after_due test is revealed to a student past their own due date (bob), not to alice yet.
    await solve(bob!, w.assignmentId, [{ path: "main.py", content: doubler }]);
    const bobView = JSON.stringify(await callerFor(db, bob!).assignment.get({ assignmentId: w.assignmentId }));
    expect(bobView).toContain("afterdue_in");
    const aliceView = JSON.stringify(await callerFor(db, alice!).assignment.get({ assignmentId: w.assignmentId }));
    expect(aliceView).not.toContain("afterdue_in");
    for (const s of secrets) expect(bobView).not.toContain(s);
  }, 120_000);

  test("late accepted with the penalty per started day", async () => {
    const w = await setup({ dueAt: new Date(Date.now() - 25 * 3_600_000), latePenaltyPerDay: 10, latePenaltyCap: 50 });
    const [alice] = w.students;
    await solve(alice!, w.assignmentId, [{ path: "main.py", content: doubler }]);
    const sub = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    expect(sub).toMatchObject({ late: true, penaltyPct: 20 });
    const events = await follow(alice!, sub.submissionId);
    expect(events.at(-1)!.submission).toMatchObject({ rawScore: 9, score: 7.2, penaltyPct: 20 });
  }, 120_000);
});

describe("regrade, gradebook and overrides", () => {
  test("after a test changes, a regrade reruns only that test; old results stay; progress counts to the end", async () => {
    const w = await setup();
    const [alice] = w.students;
    await solve(alice!, w.assignmentId, [{ path: "main.py", content: doubler }]);
    const { submissionId } = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    await follow(alice!, submissionId);
    const changed = tests.map((t, i) => ({ ...t, id: w.testIds[i], ...(t.name === "words" ? { expected: "HELLO WORLD" } : {}) }));
    const set = await w.staff.assignment.setTests({ assignmentId: w.assignmentId, tests: changed });
    expect(set.changed).toBe(true);
    const started = await w.staff.assignment.regrade({ assignmentId: w.assignmentId });
    expect(started).toMatchObject({ total: 1, done: 0 });
    let progress = await w.staff.assignment.regradeProgress({ assignmentId: w.assignmentId });
    for (let i = 0; i < 600 && !progress.latest?.finishedAt; i++) {
      await new Promise((r) => setTimeout(r, 100));
      progress = await w.staff.assignment.regradeProgress({ assignmentId: w.assignmentId });
    }
    expect(progress.latest).toMatchObject({ total: 1, done: 1 });
    const rows = await sql`select t.name, r.round, r.verdict from submission_results r join assignment_tests t on t.id = r.test_id
      where r.submission_id = ${submissionId} order by r.id`;
    expect(rows.filter((r) => r.round === 2)).toEqual([{ name: "words", round: 2, verdict: "accepted" }]);
    expect(rows.filter((r) => r.round === 1)).toHaveLength(8);
    const view = await w.staff.assignment.submission({ submissionId });
    expect(view).toMatchObject({ score: 10, maxScore: 13, round: 2 });
    expect(view.results.find((r) => r.name === "words")!.verdict).toBe("accepted");
  }, 120_000);

  test("gradebook per course and per student, CSV, overrides with a reason (audited), students see only their own", async () => {
    const w = await setup();
    const [alice, bob] = w.students;
    await solve(alice!, w.assignmentId, [{ path: "main.py", content: doubler }]);
    const { submissionId } = await callerFor(db, alice!).assignment.submit({ assignmentId: w.assignmentId });
    await follow(alice!, submissionId);
    const book = await w.staff.assignment.gradebook({ courseId: w.course.id });
    expect(book.rows).toHaveLength(2);
    const aliceRow = book.rows.find((r) => r.userId === alice!.id)!;
    expect(aliceRow.grades[w.assignmentId]).toMatchObject({ score: 9, status: "submitted", overridden: false });
    expect(book.rows.find((r) => r.userId === bob!.id)!.grades[w.assignmentId]).toMatchObject({ score: null, status: "not_started" });
    const reason = await refusal(w.staff.assignment.setOverride({ assignmentId: w.assignmentId, userId: bob!.id, score: 5, reason: "" }));
    expect(reason.message).toMatch(/reason/);
    await w.staff.assignment.setOverride({ assignmentId: w.assignmentId, userId: bob!.id, score: 5, reason: "oral exam" });
    const mine = await callerFor(db, bob!).assignment.gradebook({ courseId: w.course.id });
    expect(mine.rows.map((r) => r.userId)).toEqual([bob!.id]);
    expect(mine.rows[0]!.grades[w.assignmentId]).toMatchObject({ score: 5, overridden: true, overrideReason: "oral exam" });
    const audit = await sql`select action, data from audit_log where target_id = ${w.assignmentId} and action like 'grade.%'`;
    expect(audit).toEqual([{ action: "grade.override.set", data: { userId: bob!.id, score: 5, before: null, reason: "oral exam" } }]);
    const { csv } = await w.staff.assignment.gradebookCsv({ courseId: w.course.id });
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("name,email,Doubling (/13),total,max total");
    expect(lines).toContain(`${aliceRow.name},${aliceRow.email},9,9,13`);
    expect((await refusal(callerFor(db, bob!).assignment.gradebookCsv({ courseId: w.course.id }))).code).toBe("FORBIDDEN");
    // The review panel's view: status, latest failing test, the workspace to open.
    const review = await w.staff.assignment.review({ assignmentId: w.assignmentId });
    expect(review.find((r) => r.userId === alice!.id)).toMatchObject({ latestFailing: { name: "checker partial", verdict: "partial" } });
    expect(review.find((r) => r.userId === alice!.id)!.workspaceId).toBeTruthy();
    expect(review.find((r) => r.userId === bob!.id)).toMatchObject({ workspaceId: null, latestFailing: null });
  }, 120_000);

  test("more than 200 tests or 16 MiB of test data are refused, naming the limit", async () => {
    const w = await setup();
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `t${i}`, expected: "x" }));
    const tooMany = await refusal(w.staff.assignment.setTests({ assignmentId: w.assignmentId, tests: many }));
    expect(tooMany.message).toMatch(/200/);
    const big = "x".repeat(5 * 1024 * 1024);
    const tooBig = await refusal(
      w.staff.assignment.setTests({
        assignmentId: w.assignmentId,
        tests: [1, 2, 3, 4].map((i) => ({ name: `t${i}`, stdin: big })),
      }),
    );
    expect(tooBig.message).toMatch(/20 MiB of test data; the limit is 16 MiB/);
    // One field alone past the limit is refused by the input's schema, naming the field.
    const oneHuge = await refusal(
      w.staff.assignment.setTests({ assignmentId: w.assignmentId, tests: [{ name: "t", expected: "x".repeat(16 * 1024 * 1024 + 1) }] }),
    );
    expect(oneHuge.message).toMatch(/expected.*is too long: the limit is 16 MiB/);
  }, 60_000);
});
