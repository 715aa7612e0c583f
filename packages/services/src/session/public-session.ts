import type { courseSessions } from "@codeclass/db";

export type SessionRow = typeof courseSessions.$inferSelect;

/** A session as members see it; the screen-share grants only for staff. */
export function publicSession(row: SessionRow, staff: boolean) {
  return {
    id: row.id,
    courseId: row.courseId,
    title: row.title,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    durationMinutes: Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000),
    status: row.status,
    studentMedia: row.studentMedia,
    /** Students may draw on the whiteboard. */
    whiteboardStudents: row.whiteboardStudents,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    screenShareGrants: staff ? row.screenShareGrants : [],
  };
}
export type PublicSession = ReturnType<typeof publicSession>;
