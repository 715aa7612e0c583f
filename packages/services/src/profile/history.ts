import { courses, type DbOrTx, runs } from "@codeclass/db";
import { type HistoryInput, historyInput } from "@codeclass/validators";
import { and, count, desc, eq, gte, lte, ne, type SQL } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";

/** One run as my history lists it: where, what, how it ended. */
export const historyRunColumns = {
  id: runs.id,
  courseId: runs.courseId,
  courseCode: courses.code,
  courseTitle: courses.title,
  language: runs.language,
  status: runs.status,
  verdict: runs.verdict,
  exitCode: runs.exitCode,
  wallMs: runs.wallMs,
  memoryKb: runs.memoryKb,
  createdAt: runs.createdAt,
};

/**
 * The caller's own runs, newest first, one page at a time, with the total that matches the
 * filters. `from` and `to` are instants, both inclusive (the page sends the start and end of the chosen days).
 */
export async function history(db: DbOrTx, actor: Actor, raw: HistoryInput) {
  const input = historyInput.parse(raw);
  const where: SQL[] = [eq(runs.userId, actor.id)];
  if (input.courseId) {
    // A course left since (or archived) still filters the runs made in it; an unknown id is a mistake.
    const [course] = await db.select({ id: courses.id }).from(courses).where(eq(courses.id, input.courseId));
    if (!course) throw notFound("no course has this id", "courseId");
    where.push(eq(runs.courseId, input.courseId));
  }
  if (input.language) where.push(eq(runs.language, input.language));
  if (input.verdict === "PENDING") where.push(ne(runs.status, "finished"));
  else if (input.verdict) where.push(eq(runs.verdict, input.verdict));
  if (input.from) where.push(gte(runs.createdAt, input.from));
  if (input.to) where.push(lte(runs.createdAt, input.to));
  const filter = and(...where);
  const [items, [total]] = await Promise.all([
    db
      .select(historyRunColumns)
      .from(runs)
      .innerJoin(courses, eq(courses.id, runs.courseId))
      .where(filter)
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ n: count() }).from(runs).where(filter),
  ]);
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}
