import { type DbOrTx, enrollments, submissions, user, workspaces } from "@codeclass/db";
import { assignmentRef } from "@codeclass/validators";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { currentResults, testsOf } from "./current-results.ts";
import { grades } from "./grades.ts";
import { requireAssignment } from "./require-assignment.ts";

/**
 * The review panel's assignment view (staff): each student's status (not started, working,
 * submitted), grade, the first failing test of their latest graded submission, and their
 * assignment workspace to open.
 */
export async function review(db: DbOrTx, actor: Actor, raw: z.input<typeof assignmentRef>) {
  const { assignmentId } = assignmentRef.parse(raw);
  const { assignment } = await requireAssignment(db, actor, assignmentId, "staff");
  const students = await db
    .select({ userId: user.id, name: user.name, email: user.email })
    .from(enrollments)
    .innerJoin(user, eq(user.id, enrollments.userId))
    .where(and(eq(enrollments.courseId, assignment.courseId), eq(enrollments.role, "student")))
    .orderBy(asc(user.name), asc(user.email));
  const ids = students.map((s) => s.userId);
  if (ids.length === 0) return [];
  const [{ grades: byAssignment }, spaces, latest, tests] = await Promise.all([
    grades(db, assignment.courseId, ids, [assignmentId]),
    db
      .select({ id: workspaces.id, ownerId: workspaces.ownerId })
      .from(workspaces)
      .where(and(eq(workspaces.assignmentId, assignmentId), inArray(workspaces.ownerId, ids))),
    db
      .selectDistinctOn([submissions.userId], {
        id: submissions.id,
        userId: submissions.userId,
        compileVerdict: submissions.compileVerdict,
      })
      .from(submissions)
      .where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.status, "finished")))
      .orderBy(submissions.userId, desc(submissions.createdAt)),
    testsOf(db, assignmentId),
  ]);
  const results = await currentResults(
    db,
    latest.map((s) => s.id),
    tests,
  );
  const spaceBy = new Map(spaces.map((w) => [w.ownerId, w.id]));
  const latestBy = new Map(latest.map((s) => [s.userId, s]));
  return students.map((s) => {
    const sub = latestBy.get(s.userId);
    let failing: { name: string; verdict: string } | null = null;
    if (sub?.compileVerdict && sub.compileVerdict !== "OK") failing = { name: "compile", verdict: sub.compileVerdict };
    else if (sub) {
      const r = results.get(sub.id);
      const t = tests.find((t) => r?.get(t.id) && r.get(t.id)!.verdict !== "accepted");
      if (t) failing = { name: t.name, verdict: r!.get(t.id)!.verdict };
    }
    return {
      ...s,
      workspaceId: spaceBy.get(s.userId) ?? null,
      grade: byAssignment.get(assignmentId)!.get(s.userId)!,
      latestFailing: failing,
    };
  });
}
