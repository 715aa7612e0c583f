import { assignment } from "@codeclass/services";
import { describe, expect, test } from "vitest";

const due = new Date("2026-03-01T12:00:00Z");
const at = (minutes: number) => new Date(due.getTime() + minutes * 60_000);
const policy = { latePenaltyPerDay: 10, latePenaltyCap: 30, graceMinutes: 15 };

describe("late policy arithmetic", () => {
  test("on time, and within the grace period, is not late", () => {
    expect(assignment.lateness(at(-1), due, policy)).toEqual({ late: false, lateMinutes: 0, days: 0, penaltyPct: 0 });
    expect(assignment.lateness(at(15), due, policy)).toMatchObject({ late: false, penaltyPct: 0 });
  });
  test("past the grace period, each started day from the due date costs the daily penalty", () => {
    expect(assignment.lateness(at(16), due, policy)).toEqual({ late: true, lateMinutes: 16, days: 1, penaltyPct: 10 });
    expect(assignment.lateness(at(24 * 60), due, policy)).toMatchObject({ days: 1, penaltyPct: 10 });
    expect(assignment.lateness(at(25 * 60), due, policy)).toMatchObject({ days: 2, penaltyPct: 20 });
  });
  test("the penalty stops at the cap", () => {
    expect(assignment.lateness(at(10 * 24 * 60), due, policy)).toMatchObject({ days: 10, penaltyPct: 30 });
  });
  test("no due date: never late", () => {
    expect(assignment.lateness(at(99999), null, policy).late).toBe(false);
  });
  test("the penalty is taken off the score, to two decimals", () => {
    expect(assignment.applyPenalty(9, 20)).toBe(7.2);
    expect(assignment.applyPenalty(7, 33)).toBe(4.69);
    expect(assignment.applyPenalty(5, 0)).toBe(5);
  });
});

const exit = (exitCode: number | null, stdout = "", verdict = exitCode === 0 ? "OK" : "RUNTIME_ERROR") => ({
  verdict,
  exitCode,
  stdout,
  stderr: "note from the checker",
  message: verdict === "TIME_LIMIT" ? "Time limit exceeded" : `exit code ${exitCode}`,
});

describe("checker protocol (exit codes, testlib-style)", () => {
  test("0 accepted, 1 wrong answer; stderr is the message", () => {
    expect(assignment.checkerVerdict(exit(0), 4)).toEqual({ verdict: "accepted", points: 4, message: "note from the checker" });
    expect(assignment.checkerVerdict(exit(1), 4)).toMatchObject({ verdict: "wrong_answer", points: 0 });
  });
  test("7 partial: points on the first line, or a share of the test's points as testlib's quitp prints", () => {
    expect(assignment.checkerVerdict(exit(7, "3\n"), 4)).toMatchObject({ verdict: "partial", points: 3 });
    expect(assignment.checkerVerdict(exit(7, "0.25"), 4)).toMatchObject({ verdict: "partial", points: 1 });
    expect(assignment.checkerVerdict(exit(7, "0"), 4)).toMatchObject({ verdict: "wrong_answer", points: 0 });
  });
  test("anything else is the checker's failure, never the student's points", () => {
    expect(assignment.checkerVerdict(exit(7, "abc"), 4)).toMatchObject({ verdict: "checker_failed", points: 0 });
    expect(assignment.checkerVerdict(exit(7, "9"), 4)).toMatchObject({ verdict: "checker_failed", points: 0 });
    expect(assignment.checkerVerdict(exit(3), 4)).toMatchObject({ verdict: "checker_failed", points: 0 });
    expect(assignment.checkerVerdict(exit(null, "", "TIME_LIMIT"), 4)).toMatchObject({ verdict: "checker_failed", points: 0 });
  });
});

describe("final grade", () => {
  const sub = (id: string, score: number, minutesAgo: number, lateMinutes = 0) => ({
    id,
    status: "finished",
    score,
    maxScore: 10,
    lateMinutes,
    countsAsAttempt: true,
    createdAt: new Date(Date.now() - minutesAgo * 60_000),
  });
  const subs = [sub("a", 8, 30), sub("b", 5, 10, 60)];
  test("best or last attempt, as the assignment says", () => {
    expect(assignment.gradeOf("best", subs, null, true, 10)).toMatchObject({ score: 8, submissionId: "a", late: false, attempts: 2 });
    expect(assignment.gradeOf("last", subs, null, true, 10)).toMatchObject({ score: 5, submissionId: "b", late: true });
  });
  test("an override replaces it; status follows workspace and submissions", () => {
    expect(assignment.gradeOf("best", subs, { score: 9.5, reason: "regraded by hand" }, true, 10)).toMatchObject({
      score: 9.5,
      overridden: true,
      overrideReason: "regraded by hand",
      status: "submitted",
    });
    expect(assignment.gradeOf("best", [], null, true, 10)).toMatchObject({ status: "working", score: null });
    expect(assignment.gradeOf("best", [], null, false, 10)).toMatchObject({ status: "not_started" });
  });
});
