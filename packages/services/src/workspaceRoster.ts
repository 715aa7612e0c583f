import { type DbOrTx, enrollments, runs, user, workspaces } from "@codeclass/db";
import { courseRef, workspaceDocumentName } from "@codeclass/validators";
import { and, asc, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "./access.ts";
import type { Actor } from "./actor.ts";
import { templateState } from "./workspace-doc.ts";

export interface RosterWorkspace {
  userId: string;
  name: string;
  email: string;
  workspace: { id: string; documentName: string };
  lastEditAt: Date | null;
  lastRun: { id: string; verdict: string | null; finishedAt: Date | null } | null;
}

/** Every enrolled student with their workspace (created when missing), last edit and last run. */
export async function workspaceRoster(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>): Promise<RosterWorkspace[]> {
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
    .where(and(eq(workspaces.courseId, courseId), eq(workspaces.kind, "student")));
  const byOwner = new Map(existing.map((w) => [w.ownerId, w]));
  const missing = students.filter((s) => !byOwner.has(s.userId));
  if (missing.length > 0) {
    const state = await templateState(db, courseId);
    const made = await db
      .insert(workspaces)
      .values(missing.map((s) => ({ courseId, ownerId: s.userId, kind: "student" as const, state })))
      .onConflictDoNothing()
      .returning();
    for (const w of made) byOwner.set(w.ownerId, w);
    if (made.length < missing.length) {
      // Someone else created some at the same moment: read them.
      const again = await db
        .select()
        .from(workspaces)
        .where(and(eq(workspaces.courseId, courseId), eq(workspaces.kind, "student")));
      for (const w of again) byOwner.set(w.ownerId, w);
    }
  }
  const lastRuns = await db
    .selectDistinctOn([runs.userId], { id: runs.id, userId: runs.userId, verdict: runs.verdict, finishedAt: runs.finishedAt })
    .from(runs)
    .where(eq(runs.courseId, courseId))
    .orderBy(runs.userId, desc(runs.createdAt));
  const runOf = new Map(lastRuns.map((r) => [r.userId, r]));
  return students.map((s) => {
    const w = byOwner.get(s.userId)!;
    const run = runOf.get(s.userId);
    return {
      ...s,
      workspace: { id: w.id, documentName: workspaceDocumentName(w.id) },
      lastEditAt: w.lastEditAt,
      lastRun: run ? { id: run.id, verdict: run.verdict, finishedAt: run.finishedAt } : null,
    };
  });
}
