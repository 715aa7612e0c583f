import { type DbOrTx, enrollments, runs, user, workspaces } from "@codeclass/db";
import { courseRef, workspaceDocumentName } from "@codeclass/validators";
import { and, asc, desc, eq, isNotNull, isNull } from "drizzle-orm";
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
    .where(and(eq(workspaces.courseId, courseId), eq(workspaces.kind, "student")));
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
        .where(and(eq(workspaces.courseId, courseId), eq(workspaces.kind, "student")));
      for (const w of again) byOwner.set(w.ownerId, w);
    }
  }
  // A student's last run: of their workspace (whoever ran it, e.g. staff from the panel) or
  // their own from the scratch run page, whichever is newer.
  const cols = {
    id: runs.id,
    userId: runs.userId,
    workspaceId: runs.workspaceId,
    verdict: runs.verdict,
    finishedAt: runs.finishedAt,
    createdAt: runs.createdAt,
  };
  const [byWorkspace, scratch] = await Promise.all([
    db
      .selectDistinctOn([runs.workspaceId], cols)
      .from(runs)
      .where(and(eq(runs.courseId, courseId), isNotNull(runs.workspaceId)))
      .orderBy(runs.workspaceId, desc(runs.createdAt)),
    db
      .selectDistinctOn([runs.userId], cols)
      .from(runs)
      .where(and(eq(runs.courseId, courseId), isNull(runs.workspaceId)))
      .orderBy(runs.userId, desc(runs.createdAt)),
  ]);
  const ofWorkspace = new Map(byWorkspace.map((r) => [r.workspaceId, r]));
  const ofUser = new Map(scratch.map((r) => [r.userId, r]));
  return students.map((s) => {
    const w = byOwner.get(s.userId)!;
    const candidates = [ofWorkspace.get(w.id), ofUser.get(s.userId)].filter((r) => r !== undefined);
    const run = candidates.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    return {
      ...s,
      workspace: { id: w.id, documentName: workspaceDocumentName(w.id) },
      lastEditAt: w.lastEditAt,
      lastRun: run ? { id: run.id, verdict: run.verdict, finishedAt: run.finishedAt } : null,
    };
  });
}
