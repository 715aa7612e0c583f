import { courseSessions, courses, type DbOrTx, enrollments, runs } from "@codeclass/db";
import { and, asc, desc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { enrollmentInEffect } from "../access/enrollment-in-effect.ts";
import type { Actor } from "../actor.ts";
import { historyRunColumns } from "./history.ts";

/**
 * My page's summary: the courses I take and teach (TAs count as teaching; enrollments in effect only), the live and next
 * scheduled sessions of those courses (at most 10; ended ones and those of archived courses left
 * out), and my 5 latest runs.
 */
export async function dashboard(db: DbOrTx, actor: Actor, now = new Date()) {
  const mine = await db
    .select({
      id: courses.id,
      code: courses.code,
      title: courses.title,
      term: courses.term,
      archived: courses.archivedAt,
      role: enrollments.role,
    })
    .from(enrollments)
    .innerJoin(courses, eq(courses.id, enrollments.courseId))
    // Only enrollments in effect (email verified): an unverified sign-up with an enrolled address sees nothing of the course.
    .where(and(eq(enrollments.userId, actor.id), enrollmentInEffect(db)))
    .orderBy(asc(courses.title), asc(courses.id));
  const list = mine.map(({ archived, ...c }) => ({ ...c, archived: archived !== null }));
  const courseIds = list.filter((c) => !c.archived).map((c) => c.id);
  const [upcoming, recentRuns] = await Promise.all([
    courseIds.length === 0
      ? []
      : db
          .select({
            id: courseSessions.id,
            courseId: courseSessions.courseId,
            courseCode: courses.code,
            title: courseSessions.title,
            startsAt: courseSessions.startsAt,
            endsAt: courseSessions.endsAt,
            live: sql<boolean>`${courseSessions.status} = 'live'`,
          })
          .from(courseSessions)
          .innerJoin(courses, eq(courses.id, courseSessions.courseId))
          .where(
            and(
              inArray(courseSessions.courseId, courseIds),
              or(eq(courseSessions.status, "live"), and(eq(courseSessions.status, "scheduled"), gt(courseSessions.endsAt, now))),
            ),
          )
          .orderBy(asc(courseSessions.startsAt))
          .limit(10),
    db
      .select(historyRunColumns)
      .from(runs)
      .innerJoin(courses, eq(courses.id, runs.courseId))
      .where(eq(runs.userId, actor.id))
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(5),
  ]);
  return {
    taking: list.filter((c) => c.role === "student"),
    teaching: list.filter((c) => c.role !== "student"),
    upcomingSessions: upcoming,
    recentRuns,
  };
}
