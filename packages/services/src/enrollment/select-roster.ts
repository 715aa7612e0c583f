import { type DbOrTx, enrollments, user } from "@codeclass/db";
import { and, asc, eq, sql } from "drizzle-orm";

const rosterColumns = {
  userId: user.id,
  name: user.name,
  email: user.email,
  image: user.image,
  role: enrollments.role,
  /** False: the enrollment waits for the member to verify their email (it grants nothing until then). */
  emailVerified: user.emailVerified,
  enrolledAt: enrollments.createdAt,
};

/** Roster rows of a course, or of one member when `userId` is given. */
export function selectRoster(db: DbOrTx, courseId: string, userId?: string) {
  return db
    .select(rosterColumns)
    .from(enrollments)
    .innerJoin(user, eq(user.id, enrollments.userId))
    .where(and(eq(enrollments.courseId, courseId), userId ? eq(enrollments.userId, userId) : undefined))
    .orderBy(sql`case ${enrollments.role} when 'instructor' then 0 when 'ta' then 1 else 2 end`, asc(user.name));
}
export type RosterEntry = Awaited<ReturnType<typeof selectRoster>>[number];
