import { describe, expect, test } from "vitest";
import type { RosterWorkspace } from "../src/api-types.ts";
import { describeHelp, helpWeights, needsHelp } from "../src/components/review/needsHelp.ts";
import { reviewList } from "../src/components/review/reviewList.ts";
import type { LiveSummary } from "../src/components/review/useStudentSummaries.ts";

const now = Date.parse("2026-03-02T10:00:00Z");
const minutesAgo = (m: number) => new Date(now - m * 60_000);
const none = { finished: 0, failing: 0, failingStreak: 0 };
const run = (verdict: string | null) => ({ id: "r", verdict, finishedAt: null });

describe("needsHelp", () => {
  test("nothing suggests help: score 0 and no reasons", () => {
    const help = needsHelp(
      { lastRun: run("OK"), recentRuns: { finished: 3, failing: 1, failingStreak: 0 }, present: true, lastEditAt: minutesAgo(1) },
      now,
    );
    expect(help).toEqual({ score: 0, reasons: [] });
    expect(describeHelp(help)).toBe("No sign of needing help.");
  });

  test("a failing last run, a streak and many errors add up, largest reason first", () => {
    const help = needsHelp(
      {
        lastRun: run("RUNTIME_ERROR"),
        recentRuns: { finished: 8, failing: 5, failingStreak: 3 },
        present: false,
        lastEditAt: minutesAgo(30),
      },
      now,
    );
    expect(help.reasons).toEqual([
      { points: helpWeights.lastRunFailed, text: "last run failed: Runtime error" },
      { points: 20, text: "3 failing runs in a row" },
      { points: 12, text: "5 of the last 8 runs failed" },
    ]);
    expect(help.score).toBe(72);
    expect(describeHelp(help)).toBe(
      "Needs help score 72: last run failed: Runtime error (+40); 3 failing runs in a row (+20); 5 of the last 8 runs failed (+12).",
    );
  });

  test("the streak's points stop growing at its cap; a stopped or lost run is not a failure", () => {
    const long = needsHelp(
      { lastRun: run("COMPILE_ERROR"), recentRuns: { finished: 2, failing: 2, failingStreak: 9 }, present: false, lastEditAt: null },
      now,
    );
    expect(long.reasons.find((r) => r.text.includes("in a row"))?.points).toBe(helpWeights.perStreakRun * helpWeights.streakCap);
    for (const verdict of ["STOPPED", "INTERNAL_ERROR", "OK", null])
      expect(needsHelp({ lastRun: run(verdict), recentRuns: none, present: false, lastEditAt: null }, now).score).toBe(0);
  });

  test("online but idle: from 5 minutes, growing a point a minute up to the cap; offline students are not idle", () => {
    const idle = (m: number | null, present = true) =>
      needsHelp({ lastRun: null, recentRuns: none, present, lastEditAt: m === null ? null : minutesAgo(m) }, now);
    expect(idle(4).score).toBe(0);
    expect(idle(5)).toEqual({ score: 20, reasons: [{ points: 20, text: "online, no edit for 5 min" }] });
    expect(idle(12).score).toBe(27);
    expect(idle(600).score).toBe(helpWeights.idle + helpWeights.idleCap);
    expect(idle(null).reasons).toEqual([{ points: 20, text: "online, no edits yet" }]);
    expect(idle(600, false).score).toBe(0);
  });
});

describe("the 'needs help' order", () => {
  const student = (name: string, verdict: string | null, recent = none): RosterWorkspace =>
    ({
      userId: name,
      name,
      email: `${name.toLowerCase()}@school.test`,
      workspace: { id: `${name}-ws`, documentName: `workspace:${name}` },
      lastEditAt: minutesAgo(1),
      lastRun: verdict ? run(verdict) : null,
      recentRuns: recent,
    }) as RosterWorkspace;
  const live = (present: boolean, lastEditAt: Date): LiveSummary => ({
    typing: false,
    typingAt: null,
    present,
    file: null,
    preview: null,
    openComments: 0,
    synced: true,
    lastEditAt,
  });

  test("failing runs first, then the long idle, then the rest by name", () => {
    const ada = student("Ada", "OK", { finished: 1, failing: 0, failingStreak: 0 });
    const bob = student("Bob", null);
    const cy = student("Cy", "RUNTIME_ERROR", { finished: 1, failing: 1, failingStreak: 1 });
    const dee = student("Dee", "COMPILE_ERROR", { finished: 4, failing: 4, failingStreak: 4 });
    const summaries = new Map([["Bob", live(true, minutesAgo(20))]]);
    const order = reviewList([ada, bob, cy, dee], summaries, { text: "", filter: "all", sort: "needsHelp", now }).map((s) => s.name);
    expect(order).toEqual(["Dee", "Cy", "Bob", "Ada"]);
  });
});
