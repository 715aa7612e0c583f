import { type DbOrTx, enrollments, officeHourRequests, user } from "@codeclass/db";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { enrollmentInEffect } from "../access/index.ts";

export type OfficeHourRow = typeof officeHourRequests.$inferSelect;

/** A request as its student and the course's staff see it. */
export interface OfficeHourRequest {
  id: string;
  courseId: string;
  student: { id: string; name: string };
  /** Whom the student asked for; null: any of the staff. */
  staff: { id: string; name: string } | null;
  topic: string;
  status: OfficeHourRow["status"];
  acceptedBy: { id: string; name: string } | null;
  createdAt: Date;
  acceptedAt: Date | null;
  endedAt: Date | null;
}

const asked = alias(user, "asked");
const accepter = alias(user, "accepter");

/** Requests with the names they show, oldest first. */
export async function requestViews(db: DbOrTx, where: ReturnType<typeof and>): Promise<OfficeHourRequest[]> {
  const rows = await db
    .select({ r: officeHourRequests, studentName: user.name, staffName: asked.name, acceptedName: accepter.name })
    .from(officeHourRequests)
    .innerJoin(user, eq(user.id, officeHourRequests.studentId))
    .leftJoin(asked, eq(asked.id, officeHourRequests.staffId))
    .leftJoin(accepter, eq(accepter.id, officeHourRequests.acceptedBy))
    .where(where)
    .orderBy(asc(officeHourRequests.createdAt), asc(officeHourRequests.id));
  return rows.map(({ r, studentName, staffName, acceptedName }) => ({
    id: r.id,
    courseId: r.courseId,
    student: { id: r.studentId, name: studentName },
    staff: r.staffId ? { id: r.staffId, name: staffName ?? "" } : null,
    topic: r.topic,
    status: r.status,
    acceptedBy: r.acceptedBy ? { id: r.acceptedBy, name: acceptedName ?? "" } : null,
    createdAt: r.createdAt,
    acceptedAt: r.acceptedAt,
    endedAt: r.endedAt,
  }));
}

export const openStatuses = ["waiting", "active"] as const;

/** The course's open requests (waiting or in a call): the staff's queue. */
export const openInCourse = (courseId: string) =>
  and(eq(officeHourRequests.courseId, courseId), inArray(officeHourRequests.status, [...openStatuses]));

/** The student's own open request in the course. */
export const openOf = (courseId: string, studentId: string) => and(openInCourse(courseId), eq(officeHourRequests.studentId, studentId));

/** The course's instructors and TAs, by name: whom a student may ask for. */
export async function courseStaff(db: DbOrTx, courseId: string): Promise<{ id: string; name: string; role: "instructor" | "ta" }[]> {
  const rows = await db
    .select({ id: user.id, name: user.name, role: enrollments.role })
    .from(enrollments)
    .innerJoin(user, eq(user.id, enrollments.userId))
    .where(
      and(eq(enrollments.courseId, courseId), or(eq(enrollments.role, "instructor"), eq(enrollments.role, "ta")), enrollmentInEffect(db)),
    )
    .orderBy(asc(user.name));
  return rows as { id: string; name: string; role: "instructor" | "ta" }[];
}
