import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseSessions, courses } from "./courses.ts";

/**
 * A recording of a session's room: one LiveKit room-composite egress to the S3-compatible
 * storage the server is configured with. `status` is LiveKit's EgressStatus without its prefix
 * (starting, active, ending, complete, failed, aborted, limit_reached), kept current by the
 * egress webhooks; `status_at` is the time of the event that set it, so a late delivery does not
 * undo a newer one.
 */
export const sessionRecordings = pgTable(
  "session_recordings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    egressId: text("egress_id").notNull().unique(),
    status: text("status").notNull(),
    /** The object key asked for; `location` is where LiveKit says it wrote it. */
    filepath: text("filepath").notNull(),
    location: text("location"),
    error: text("error"),
    startedBy: text("started_by").references(() => user.id, { onDelete: "set null" }),
    stoppedBy: text("stopped_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    stopRequestedAt: timestamp("stop_requested_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    statusAt: timestamp("status_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("session_recordings_session_idx").on(t.sessionId, t.createdAt),
    // One recording under way per session.
    uniqueIndex("session_recordings_running_idx").on(t.sessionId).where(sql`${t.endedAt} is null and ${t.stopRequestedAt} is null`),
  ],
);

export const officeHourStatus = pgEnum("office_hour_status", ["waiting", "active", "ended", "cancelled"]);

/**
 * A student's request for a private call with a staff member of the course (`staff_id`), or with
 * any of them (null). Waiting until a staff member accepts it (a two-person LiveKit room), then
 * active until either ends it; the student may cancel while it waits. One open request (waiting
 * or active) per student and course.
 */
export const officeHourRequests = pgTable(
  "office_hour_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    studentId: text("student_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    staffId: text("staff_id").references(() => user.id, { onDelete: "set null" }),
    /** At most 200 characters, shown as plain text. */
    topic: text("topic").notNull(),
    status: officeHourStatus("status").notNull().default("waiting"),
    acceptedBy: text("accepted_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedBy: text("ended_by").references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    index("office_hour_requests_queue_idx").on(t.courseId, t.status, t.createdAt),
    uniqueIndex("office_hour_requests_open_idx").on(t.courseId, t.studentId).where(sql`${t.status} in ('waiting', 'active')`),
    check("office_hour_requests_topic_len", sql`char_length(${t.topic}) between 1 and 200`),
  ],
);
