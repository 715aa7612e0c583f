import { assignments, type DbOrTx, gradeOverrides, submissions, workspaces } from "@codeclass/db";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { type Grade, gradeOf } from "./grade-of.ts";

/**
 * Grades of `userIds` on every assignment of a course (one query per table, not per cell):
 * keyed by assignment id then user id. `assignmentIds` narrows the assignments.
 */
export async function grades(db: DbOrTx, courseId: string, userIds: string[], assignmentIds?: string[]) {
  const list = await db
    .select({
      id: assignments.id,
      title: assignments.title,
      dueAt: assignments.dueAt,
      opensAt: assignments.opensAt,
      scorePolicy: assignments.scorePolicy,
      // Spelled out: drizzle leaves a column's table off inside a one-table select, which would make this subquery compare its own columns.
      maxScore: sql<number>`coalesce((select sum(t.points) from assignment_tests t where t.assignment_id = "assignments"."id"), 0)`.mapWith(
        Number,
      ),
    })
    .from(assignments)
    .where(and(eq(assignments.courseId, courseId), assignmentIds ? inArray(assignments.id, assignmentIds) : undefined))
    .orderBy(sql`${assignments.dueAt} nulls last`, assignments.createdAt);
  const out = new Map<string, Map<string, Grade>>();
  if (list.length === 0 || userIds.length === 0) return { assignments: list, grades: out };
  const ids = list.map((a) => a.id);
  const [subs, overrides, spaces] = await Promise.all([
    db
      .select({
        id: submissions.id,
        assignmentId: submissions.assignmentId,
        userId: submissions.userId,
        status: submissions.status,
        score: submissions.score,
        maxScore: submissions.maxScore,
        lateMinutes: submissions.lateMinutes,
        countsAsAttempt: submissions.countsAsAttempt,
        createdAt: submissions.createdAt,
      })
      .from(submissions)
      .where(and(inArray(submissions.assignmentId, ids), inArray(submissions.userId, userIds))),
    db
      .select()
      .from(gradeOverrides)
      .where(and(inArray(gradeOverrides.assignmentId, ids), inArray(gradeOverrides.userId, userIds))),
    db
      .select({ assignmentId: workspaces.assignmentId, ownerId: workspaces.ownerId })
      .from(workspaces)
      .where(and(isNotNull(workspaces.assignmentId), inArray(workspaces.assignmentId, ids), inArray(workspaces.ownerId, userIds))),
  ]);
  const key = (a: string | null, u: string | null) => `${a}/${u}`;
  const subsBy = new Map<string, typeof subs>();
  for (const s of subs) subsBy.set(key(s.assignmentId, s.userId), [...(subsBy.get(key(s.assignmentId, s.userId)) ?? []), s]);
  const overrideBy = new Map(overrides.map((o) => [key(o.assignmentId, o.userId), o]));
  const spaceBy = new Set(spaces.map((w) => key(w.assignmentId, w.ownerId)));
  for (const a of list) {
    const row = new Map<string, Grade>();
    for (const u of userIds) {
      const k = key(a.id, u);
      row.set(u, gradeOf(a.scorePolicy, subsBy.get(k) ?? [], overrideBy.get(k) ?? null, spaceBy.has(k), a.maxScore));
    }
    out.set(a.id, row);
  }
  return { assignments: list, grades: out };
}
