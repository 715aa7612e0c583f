import { type DbOrTx, enrollments, sessionAttendance, user } from "@codeclass/db";
import { sessionRef } from "@codeclass/validators";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import { enrollmentInEffect } from "../access/enrollment-in-effect.ts";
import type { Actor } from "../actor.ts";
import { grades } from "../assignment/grades.ts";
import { requireSession } from "../session/require-session.ts";
import type { GradedStudent, SplitStudent } from "./split.ts";

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
export async function splitPool(
  db: DbOrTx,
  courseId: string,
  sessionId: string,
  removed: string[] = [],
): Promise<{ students: SplitStudent[]; present: boolean }> {
  // Students staff removed from the session (live.remove) are in no group.
  const enrolled = (await courseStudents(db, courseId)).filter((s) => !removed.includes(s.userId));
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

/**
 * Each student's share of the course's points so far: the sum of their grades over the sum of
 * the opened assignments' points (the same denominator for all, so the ranking is by points).
 * null for a student with no graded work; all null when no assignment has points yet.
 */
export async function withGrades(db: DbOrTx, courseId: string, students: SplitStudent[]): Promise<GradedStudent[]> {
  const { assignments, grades: byAssignment } = await grades(
    db,
    courseId,
    students.map((s) => s.userId),
  );
  const now = new Date();
  const counted = assignments.filter((a) => a.maxScore > 0 && (!a.opensAt || a.opensAt <= now));
  const points = counted.reduce((sum, a) => sum + a.maxScore, 0);
  return students.map((s) => {
    const mine = counted.map((a) => byAssignment.get(a.id)?.get(s.userId)?.score ?? null).filter((x): x is number => x !== null);
    const grade = points > 0 && mine.length > 0 ? Math.round((mine.reduce((a, b) => a + b, 0) / points) * 1000) / 1000 : null;
    return { ...s, grade };
  });
}

export interface BreakoutPool {
  sessionId: string;
  /** true: the students present in the video now; false: nobody is present by the webhook, so every enrolled student. */
  present: boolean;
  /** With their grade (0..1, null: no graded work), for a split by hand or mixed by grade. */
  students: GradedStudent[];
}

/** Staff: who a split would divide now, with their grades (to split by hand, or to see a mixed split's input). */
export async function pool(db: DbOrTx, actor: Actor, raw: z.input<typeof sessionRef>): Promise<BreakoutPool> {
  const { sessionId } = sessionRef.parse(raw);
  const { session } = await requireSession(db, actor, sessionId, "staff");
  const { students, present } = await splitPool(db, session.courseId, session.id, session.removedUsers);
  return { sessionId, present, students: await withGrades(db, session.courseId, students) };
}
