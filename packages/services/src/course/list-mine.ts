import { courses, type DbOrTx, enrollments } from "@codeclass/db";
import { courseListMineInput } from "@codeclass/validators";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { enrollmentInEffect } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { publicCourse } from "./public-course.ts";

/** The courses the actor is enrolled in (once their email is verified), with their role in each. */
export async function listMine(db: DbOrTx, actor: Actor, raw?: z.input<typeof courseListMineInput>) {
  const { includeArchived } = courseListMineInput.parse(raw);
  const rows = await db
    .select({ course: courses, role: enrollments.role })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    .where(and(eq(enrollments.userId, actor.id), enrollmentInEffect(db), includeArchived ? undefined : isNull(courses.archivedAt)))
    .orderBy(sql`${courses.archivedAt} asc nulls first`, asc(courses.code)); // active courses first
  return rows.map((r) => ({ ...publicCourse(r.course), role: r.role }));
}
