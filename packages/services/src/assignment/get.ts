import { type DbOrTx, workspaces } from "@codeclass/db";
import { assignmentRef } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { testsOf } from "./current-results.ts";
import { dueFor } from "./due-for.ts";
import { grades } from "./grades.ts";
import { requireAssignment } from "./require-assignment.ts";
import { testRevealed } from "./visibility.ts";

/**
 * An assignment with its tests. Staff get everything (the checker too). A student gets the tests
 * revealed to them (visible; after_due once due) in full, and for the others only their position,
 * points and gate flag, plus their own due date, grade and workspace.
 */
export async function get(db: DbOrTx, actor: Actor, raw: z.input<typeof assignmentRef>) {
  const { assignmentId } = assignmentRef.parse(raw);
  const { assignment, access, staff } = await requireAssignment(db, actor, assignmentId, "view");
  const tests = await testsOf(db, assignmentId);
  const myDue = staff ? null : await dueFor(db, assignment, actor.id);
  const now = new Date();
  const shownTests = tests.map((t) => {
    const revealed = testRevealed(t, assignment, { staff, dueAt: myDue }, now);
    const base = { position: t.position, points: t.points, gate: t.gate, visibility: t.visibility, hidden: !revealed };
    if (!revealed) return { ...base, id: null, name: `Hidden test ${t.position + 1}` };
    return {
      ...base,
      id: t.id,
      name: t.name,
      stdin: t.stdin,
      expected: t.compare.mode === "checker" && !staff ? "" : t.expected,
      args: t.args,
      files: t.files,
      limits: t.limits,
      compare: t.compare,
      revision: t.revision,
    };
  });
  const { checker, starter, ...fields } = assignment;
  let mine = null;
  if (!staff) {
    const [ws] = await db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(eq(workspaces.assignmentId, assignmentId), eq(workspaces.ownerId, actor.id)));
    const grade = (await grades(db, assignment.courseId, [actor.id], [assignmentId])).grades.get(assignmentId)?.get(actor.id) ?? null;
    mine = { dueAt: myDue, workspaceId: ws?.id ?? null, grade };
  }
  return {
    ...fields,
    archived: access.course.archivedAt !== null,
    maxScore: tests.reduce((n, t) => n + t.points, 0),
    tests: shownTests,
    checker: staff ? checker : null,
    starter: staff ? starter : null,
    staff,
    mine,
  };
}
