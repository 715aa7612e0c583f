import { type DbOrTx, enrollments, runs, user, workspaces } from "@codeclass/db";
import { courseRef, workspaceDocumentName } from "@codeclass/validators";
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { createWorkspaces } from "./create-workspaces.ts";

export interface RosterWorkspace {
  userId: string;
  name: string;
  email: string;
  workspace: { id: string; documentName: string };
  lastEditAt: Date | null;
  lastRun: { id: string; verdict: string | null; finishedAt: Date | null } | null;
  /** The student's last `recentRunsWindow` finished runs (of their workspace or their own scratch runs). */
  recentRuns: RecentRuns;
}

/** What the review panel's "needs help" order reads of a student's recent runs. */
export interface RecentRuns {
  /** Finished runs looked at (at most `recentRunsWindow`). */
  finished: number;
  /** Of those, how many failed (see `isFailingVerdict`). */
  failing: number;
  /** Failing runs in a row up to the newest (runs stopped with Stop or lost to the server neither count nor break it). */
  failingStreak: number;
}

/** How many of a student's newest runs `recentRuns` looks at. */
export const recentRunsWindow = 10;

/** A run that ended badly because of the program: not OK, not stopped with Stop, not the server's fault. */
export function isFailingVerdict(verdict: string | null): boolean {
  return verdict !== null && verdict !== "OK" && verdict !== "STOPPED" && verdict !== "INTERNAL_ERROR";
}

/** Counts of `runs`, newest first. */
export function recentRunsOf(runs: readonly { verdict: string | null }[]): RecentRuns {
  const finished = runs.filter((r) => r.verdict !== null).slice(0, recentRunsWindow);
  let failingStreak = 0;
  for (const r of finished) {
    if (r.verdict === "STOPPED" || r.verdict === "INTERNAL_ERROR") continue;
    if (!isFailingVerdict(r.verdict)) break;
    failingStreak++;
  }
  return { finished: finished.length, failing: finished.filter((r) => isFailingVerdict(r.verdict)).length, failingStreak };
}

/** Every enrolled student with their workspace (created when missing), last edit and last run. */
export async function roster(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>): Promise<RosterWorkspace[]> {
  const { courseId } = courseRef.parse(raw);
  await requireCourse(db, actor, courseId, "roster");
  const students = await db
    .select({ userId: user.id, name: user.name, email: user.email })
    .from(enrollments)
    .innerJoin(user, eq(user.id, enrollments.userId))
    .where(and(eq(enrollments.courseId, courseId), eq(enrollments.role, "student")))
    .orderBy(asc(user.name), asc(user.email));
  if (students.length === 0) return [];
  const existing = await db
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.courseId, courseId), eq(workspaces.kind, "student"), isNull(workspaces.assignmentId)));
  const byOwner = new Map(existing.map((w) => [w.ownerId, w]));
  const missing = students.filter((s) => !byOwner.has(s.userId));
  if (missing.length > 0) {
    const made = await createWorkspaces(
      db,
      courseId,
      missing.map((s) => ({ ownerId: s.userId, kind: "student" as const })),
    );
    for (const w of made) byOwner.set(w.ownerId, w);
    if (made.length < missing.length) {
      // Someone else created some at the same moment: read them.
      const again = await db
        .select()
        .from(workspaces)
        .where(and(eq(workspaces.courseId, courseId), eq(workspaces.kind, "student"), isNull(workspaces.assignmentId)));
      for (const w of again) byOwner.set(w.ownerId, w);
    }
  }
  // A student's runs: of their workspace (whoever ran it, e.g. staff from the panel) and their own
  // from the scratch run page; the newest few of each, merged, newest first.
  const owner = sql<string>`coalesce('w:' || ${runs.workspaceId}::text, 'u:' || ${runs.userId})`;
  const ranked = db
    .select({
      id: runs.id,
      userId: runs.userId,
      workspaceId: runs.workspaceId,
      verdict: runs.verdict,
      finishedAt: runs.finishedAt,
      createdAt: runs.createdAt,
      rank: sql<number>`(row_number() over (partition by ${owner} order by ${runs.createdAt} desc))::int`.as("rank"),
    })
    .from(runs)
    .where(eq(runs.courseId, courseId))
    .as("ranked");
  // A few more than the window: unfinished runs are not counted.
  const recent = await db
    .select()
    .from(ranked)
    .where(lte(ranked.rank, recentRunsWindow + 2));
  type RunRow = (typeof recent)[number];
  const runsOf = new Map<string, RunRow[]>();
  for (const r of recent) {
    const key = r.workspaceId ? `w:${r.workspaceId}` : `u:${r.userId}`;
    runsOf.set(key, [...(runsOf.get(key) ?? []), r]);
  }
  return students.map((s) => {
    const w = byOwner.get(s.userId)!;
    const mine = [...(runsOf.get(`w:${w.id}`) ?? []), ...(runsOf.get(`u:${s.userId}`) ?? [])].sort(
      (a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime(),
    );
    const run = mine[0];
    return {
      ...s,
      workspace: { id: w.id, documentName: workspaceDocumentName(w.id) },
      lastEditAt: w.lastEditAt,
      lastRun: run ? { id: run.id, verdict: run.verdict, finishedAt: run.finishedAt } : null,
      recentRuns: recentRunsOf(mine),
    };
  });
}
