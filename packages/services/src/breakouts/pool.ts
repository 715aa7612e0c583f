import { type DbOrTx, enrollments, sessionAttendance, user } from "@codeclass/db";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { enrollmentInEffect } from "../access/enrollment-in-effect.ts";
import type { SplitStudent } from "./split.ts";

/** The course's students (enrollment in effect), all of them or those of `only`. */
function courseStudents(db: DbOrTx, courseId: string, only?: string[]) {
  return db
    .select({ userId: enrollments.userId, name: user.name })
    .from(enrollments)
    .innerJoin(user, eq(user.id, enrollments.userId))
    .where(
      and(
        eq(enrollments.courseId, courseId),
        eq(enrollments.role, "student"),
        enrollmentInEffect(db),
        only ? inArray(enrollments.userId, only) : undefined,
      ),
    )
    .orderBy(asc(user.name), asc(user.id));
}

/**
 * Who a random or round-robin split divides: the course's students present in the session now
 * (an open attendance interval from LiveKit's webhook, in the main room or a group's). When
 * nobody is present by the webhook (video off, or the webhook not set up), all its enrolled
 * students: a class can still be split without video.
 */
export async function splitPool(db: DbOrTx, courseId: string, sessionId: string): Promise<{ students: SplitStudent[]; present: boolean }> {
  const enrolled = await courseStudents(db, courseId);
  const here = await db
    .selectDistinct({ userId: sessionAttendance.userId })
    .from(sessionAttendance)
    .where(and(eq(sessionAttendance.sessionId, sessionId), isNull(sessionAttendance.leftAt)));
  const hereIds = new Set(here.map((r) => r.userId));
  const inRoom = enrolled.filter((s) => hereIds.has(s.userId));
  return inRoom.length > 0 ? { students: inRoom, present: true } : { students: enrolled, present: false };
}

/** Of `ids`, those that are students of the course (to check a manual split or a move). */
export async function studentsAmong(db: DbOrTx, courseId: string, ids: string[]): Promise<SplitStudent[]> {
  return ids.length ? courseStudents(db, courseId, ids) : [];
}
