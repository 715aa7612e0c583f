import * as services from "@codeclass/services";
import { enroll, makeCourse, makeUser, useTestDatabase } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { actor } from "../helpers.ts";

const t = useTestDatabase();

/** A run row as the run service leaves it; `minutesAgo` orders them. */
async function addRun(
  run: { userId: string; courseId: string; workspaceId?: string | null; verdict: string | null },
  minutesAgo: number,
): Promise<string> {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const [row] = await t.sql<{ id: string }[]>`
    insert into runs (user_id, course_id, workspace_id, language, files_hash, files, status, verdict, created_at, finished_at)
    values (${run.userId}, ${run.courseId}, ${run.workspaceId ?? null}, 'python', 'h', '[]'::jsonb,
            ${run.verdict === null ? "running" : "finished"}, ${run.verdict}, ${at}::timestamptz, ${run.verdict === null ? null : at}::timestamptz)
    returning id`;
  return row!.id;
}

describe("workspace.roster recent runs", () => {
  test("counts each student's failing runs and the failing streak, across their workspace and scratch runs", async () => {
    const instructor = await makeUser(t.db, { role: "instructor" });
    const course = await makeCourse(t.db, instructor);
    const other = await makeCourse(t.db, instructor);
    const [ann, ben, cat, dan] = await Promise.all(["Ann", "Ben", "Cat", "Dan"].map((name) => makeUser(t.db, { name })));
    for (const s of [ann!, ben!, cat!, dan!]) await enroll(t.db, course.id, s.id, "student");
    const me = actor(instructor);
    const first = await services.workspace.roster(t.db, me, { courseId: course.id });
    const ws = new Map(first.map((r) => [r.name, r.workspace.id]));
    expect(first.map((r) => r.recentRuns)).toEqual(Array(4).fill({ finished: 0, failing: 0, failingStreak: 0 }));

    // Ann: OK, then a crash, a stopped run (neutral), a compile error, and one still running.
    for (const [verdict, ago] of [
      ["OK", 50],
      ["RUNTIME_ERROR", 40],
      ["STOPPED", 30],
      ["COMPILE_ERROR", 20],
    ] as const)
      await addRun({ userId: ann!.id, courseId: course.id, workspaceId: ws.get("Ann"), verdict }, ago);
    // The instructor ran Ann's workspace from the panel: it counts as Ann's.
    const running = await addRun({ userId: instructor.id, courseId: course.id, workspaceId: ws.get("Ann"), verdict: null }, 10);
    // Ben: his workspace is fine, his newer scratch run timed out; an old failure in another course does not count.
    await addRun({ userId: ben!.id, courseId: course.id, workspaceId: ws.get("Ben"), verdict: "OK" }, 30);
    const scratch = await addRun({ userId: ben!.id, courseId: course.id, verdict: "TIME_LIMIT" }, 5);
    await addRun({ userId: ben!.id, courseId: other.id, verdict: "RUNTIME_ERROR" }, 1);
    // Cat: twelve failures in a row; only the newest ten are looked at.
    for (let i = 0; i < 12; i++)
      await addRun({ userId: cat!.id, courseId: course.id, workspaceId: ws.get("Cat"), verdict: "RUNTIME_ERROR" }, 100 - i);
    // Dan: the server failed him (not his program's fault), after an OK run.
    await addRun({ userId: dan!.id, courseId: course.id, workspaceId: ws.get("Dan"), verdict: "OK" }, 9);
    await addRun({ userId: dan!.id, courseId: course.id, workspaceId: ws.get("Dan"), verdict: "INTERNAL_ERROR" }, 8);

    const rows = new Map((await services.workspace.roster(t.db, me, { courseId: course.id })).map((r) => [r.name, r]));
    expect(rows.get("Ann")).toMatchObject({
      lastRun: { id: running, verdict: null, finishedAt: null },
      recentRuns: { finished: 4, failing: 2, failingStreak: 2 },
    });
    expect(rows.get("Ben")).toMatchObject({
      lastRun: { id: scratch, verdict: "TIME_LIMIT" },
      recentRuns: { finished: 2, failing: 1, failingStreak: 1 },
    });
    expect(rows.get("Ben")!.lastRun!.finishedAt).toBeInstanceOf(Date);
    expect(rows.get("Cat")!.recentRuns).toEqual({ finished: 10, failing: 10, failingStreak: 10 });
    expect(rows.get("Dan")).toMatchObject({
      lastRun: { verdict: "INTERNAL_ERROR" },
      recentRuns: { finished: 2, failing: 0, failingStreak: 0 },
    });
  });

  test("recentRunsOf: newest first, unfinished runs skipped, Stop and server failures neither count nor break the streak", () => {
    const of = (...verdicts: (string | null)[]) => services.workspace.recentRunsOf(verdicts.map((verdict) => ({ verdict })));
    expect(of()).toEqual({ finished: 0, failing: 0, failingStreak: 0 });
    expect(of(null, "COMPILE_ERROR", "STOPPED", "INTERNAL_ERROR", "RUNTIME_ERROR", "OK", "MEMORY_LIMIT")).toEqual({
      finished: 6,
      failing: 3,
      failingStreak: 2,
    });
    expect(of("OK", "RUNTIME_ERROR")).toEqual({ finished: 2, failing: 1, failingStreak: 0 });
  });
});
