import { type DbOrTx, enrollments, user } from "@codeclass/db";
import { gradebookInput } from "@codeclass/validators";
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";
import type { Grade } from "./grade-of.ts";
import { grades } from "./grades.ts";

export interface GradebookRow {
  userId: string;
  name: string;
  email: string;
  grades: Record<string, Grade>;
  total: number;
  maxTotal: number;
}

/**
 * The course's gradebook: its students × its assignments. Staff see every student (or one,
 * `userId`); a student sees only their own row, whatever they ask for.
 */
export async function gradebook(db: DbOrTx, actor: Actor, raw: z.input<typeof gradebookInput>) {
  const input = gradebookInput.parse(raw);
  const access = await requireCourse(db, actor, input.courseId, "view");
  const staff = access.canSeeRoster;
  if (!staff && input.userId && input.userId !== actor.id) throw forbidden("Students see only their own grades");
  const only = staff ? input.userId : actor.id;
  const students = await db
    .select({ userId: user.id, name: user.name, email: user.email })
    .from(enrollments)
    .innerJoin(user, eq(user.id, enrollments.userId))
    .where(and(eq(enrollments.courseId, input.courseId), eq(enrollments.role, "student"), only ? eq(user.id, only) : undefined))
    .orderBy(asc(user.name), asc(user.email));
  const { assignments, grades: byAssignment } = await grades(
    db,
    input.courseId,
    students.map((s) => s.userId),
  );
  const now = new Date();
  const shown = assignments.filter((a) => staff || !a.opensAt || a.opensAt <= now);
  const rows: GradebookRow[] = students.map((s) => {
    const cells: Record<string, Grade> = {};
    let total = 0;
    let maxTotal = 0;
    for (const a of shown) {
      const g = byAssignment.get(a.id)!.get(s.userId)!;
      cells[a.id] = g;
      total += g.score ?? 0;
      maxTotal += a.maxScore;
    }
    return { ...s, grades: cells, total: Math.round(total * 100) / 100, maxTotal };
  });
  return { assignments: shown.map((a) => ({ id: a.id, title: a.title, dueAt: a.dueAt, maxScore: a.maxScore })), rows, staff };
}
