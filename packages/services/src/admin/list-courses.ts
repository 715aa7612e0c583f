import { courses, type DbOrTx, enrollments, user } from "@codeclass/db";
import { type AdminCoursesInput, adminCoursesInput } from "@codeclass/validators";
import { and, count, ilike, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { likePattern } from "./like.ts";
import { requireAdmin } from "./require-admin.ts";

/**
 * A page of every course (archived ones too unless `archived` says), by code: `q` matches any
 * part of the code or title; each with its instructors' names and its member counts.
 */
export async function listCourses(db: DbOrTx, actor: Actor, raw?: AdminCoursesInput) {
  requireAdmin(actor);
  const input = adminCoursesInput.parse(raw);
  const where: SQL[] = [];
  if (input.q) {
    const pattern = likePattern(input.q);
    where.push(or(ilike(courses.code, pattern), ilike(courses.title, pattern))!);
  }
  if (input.archived !== undefined) where.push(input.archived ? isNotNull(courses.archivedAt) : isNull(courses.archivedAt));
  const filter = where.length ? and(...where) : undefined;
  // Qualified: drizzle writes a one-table select's columns unqualified, which the subqueries below would misread.
  const courseId = sql.raw(`"courses"."id"`);
  const members = (role: string) =>
    sql<number>`(select count(*)::int from ${enrollments} e where e.course_id = ${courseId} and e.role = ${role})`;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: courses.id,
        code: courses.code,
        title: courses.title,
        term: courses.term,
        archivedAt: courses.archivedAt,
        createdAt: courses.createdAt,
        instructors: sql<{ id: string; name: string; email: string }[]>`coalesce((
          select json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email) order by u.name, u.id)
          from ${enrollments} e join ${user} u on u.id = e.user_id
          where e.course_id = ${courseId} and e.role = 'instructor'), '[]'::json)`,
        students: members("student"),
        tas: members("ta"),
      })
      .from(courses)
      .where(filter)
      .orderBy(sql`lower(${courses.code})`, courses.id)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(courses).where(filter),
  ]);
  return { courses: rows, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}
