import { courseSessions, courses, type DbOrTx, sessionAttendance } from "@codeclass/db";
import { type AttendanceHistoryInput, attendanceHistoryInput } from "@codeclass/validators";
import { and, count, countDistinct, desc, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";

/**
 * The live sessions the caller joined, newest first, one page at a time: when they first
 * joined and last left, how many connections they made, and the minutes they were in the room
 * (overlapping connections, two tabs, counted once). A connection still open counts until now.
 */
export async function attendance(db: DbOrTx, actor: Actor, raw: AttendanceHistoryInput) {
  const input = attendanceHistoryInput.parse(raw);
  const where: SQL[] = [eq(sessionAttendance.userId, actor.id)];
  if (input.courseId) {
    const [course] = await db.select({ id: courses.id }).from(courses).where(eq(courses.id, input.courseId));
    if (!course) throw notFound("no course has this id", "courseId");
    where.push(eq(courseSessions.courseId, input.courseId));
  }
  if (input.from) where.push(gte(courseSessions.startsAt, input.from));
  if (input.to) where.push(lte(courseSessions.startsAt, input.to));
  const filter = and(...where);
  const [items, [total]] = await Promise.all([
    db
      .select({
        sessionId: courseSessions.id,
        title: courseSessions.title,
        courseId: courses.id,
        courseCode: courses.code,
        courseTitle: courses.title,
        startsAt: courseSessions.startsAt,
        firstJoinedAt: sql<Date>`min(${sessionAttendance.joinedAt})`.mapWith(sessionAttendance.joinedAt),
        lastLeftAt: sql<Date>`max(coalesce(${sessionAttendance.leftAt}, now()))`.mapWith(sessionAttendance.joinedAt),
        connections: count(),
        // Union of the intervals: a multirange merges overlaps before its length is taken.
        minutes: sql<number>`round(extract(epoch from (
            select sum(upper(r) - lower(r)) from unnest(range_agg(tstzrange(${sessionAttendance.joinedAt}, coalesce(${sessionAttendance.leftAt}, now())))) as r
          )) / 60)::int`,
      })
      .from(sessionAttendance)
      .innerJoin(courseSessions, eq(courseSessions.id, sessionAttendance.sessionId))
      .innerJoin(courses, eq(courses.id, courseSessions.courseId))
      .where(filter)
      .groupBy(courseSessions.id, courses.id)
      .orderBy(desc(courseSessions.startsAt), desc(courseSessions.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db
      .select({ n: countDistinct(sessionAttendance.sessionId) })
      .from(sessionAttendance)
      .innerJoin(courseSessions, eq(courseSessions.id, sessionAttendance.sessionId))
      .where(filter),
  ]);
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}
