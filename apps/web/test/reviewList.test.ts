import { describe, expect, test } from "vitest";
import type { RosterWorkspace } from "../src/api-types.ts";
import { reviewList } from "../src/components/review/reviewList.ts";
import type { LiveSummary } from "../src/components/review/useStudentSummaries.ts";

function student(name: string, verdict: string | null, lastEditAt: string | null): RosterWorkspace {
  return {
    userId: name,
    name,
    email: `${name.toLowerCase()}@school.test`,
    workspace: { id: `${name}-ws`, documentName: `workspace:${name}` },
    lastEditAt: lastEditAt ? new Date(lastEditAt) : null,
    lastRun: verdict ? { id: `${name}-run`, verdict, finishedAt: null } : null,
    recentRuns: { finished: 0, failing: 0, failingStreak: 0 },
  } as RosterWorkspace;
}

const ada = student("Ada", "OK", "2026-01-01T10:00:00Z");
const bob = student("Bob", "RUNTIME_ERROR", "2026-01-01T09:00:00Z");
const cy = student("Cy", null, null);
const summary = (typing: boolean, lastEditAt: Date | null = null) =>
  ({ typing, typingAt: null, present: true, file: null, preview: null, openComments: 0, synced: true, lastEditAt }) satisfies LiveSummary;

describe("reviewList", () => {
  test("sorts by name, by last edit (live edits count), and failing first", () => {
    const live = new Map([["Cy", summary(false, new Date("2026-01-01T11:00:00Z"))]]);
    const names = (sort: "name" | "lastEdit" | "verdict") =>
      reviewList([cy, bob, ada], live, { text: "", filter: "all", sort }).map((s) => s.name);
    expect(names("name")).toEqual(["Ada", "Bob", "Cy"]);
    expect(names("lastEdit")).toEqual(["Cy", "Ada", "Bob"]);
    expect(names("verdict")).toEqual(["Bob", "Cy", "Ada"]);
  });

  test("filters by text, typing now and failing", () => {
    const live = new Map([["Ada", summary(true)]]);
    const names = (text: string, filter: "all" | "typing" | "failing") =>
      reviewList([ada, bob, cy], live, { text, filter, sort: "name" }).map((s) => s.name);
    expect(names("BOB@", "all")).toEqual(["Bob"]);
    expect(names("", "typing")).toEqual(["Ada"]);
    expect(names("", "failing")).toEqual(["Bob"]);
  });

  test("a run stopped with Stop, or lost to the server, is not failing", () => {
    const dee = student("Dee", "STOPPED", null);
    const eve = student("Eve", "INTERNAL_ERROR", null);
    expect(reviewList([dee, eve, bob], new Map(), { text: "", filter: "failing", sort: "name" }).map((s) => s.name)).toEqual(["Bob"]);
  });
});
