import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";

export const courseRole = pgEnum("course_role", ["instructor", "ta", "student"]);

export const courses = pgTable(
  "courses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Short public code such as "CS101-2026F"; unique regardless of case. */
    code: text("code").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    term: text("term"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("courses_code_lower_idx").on(sql`lower(${t.code})`)],
);

export const enrollments = pgTable(
  "enrollments",
  {
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: courseRole("role").notNull().default("student"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.userId] }), index("enrollments_user_idx").on(t.userId)],
);

/** A live session's life: scheduled, then live once staff start it, then ended (for good). */
export const sessionStatus = pgEnum("session_status", ["scheduled", "live", "ended"]);

/** Scheduled live lectures of a course; the LiveKit room of a session is named after its id. */
export const courseSessions = pgTable(
  "course_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    /** The planned end: start plus the scheduled duration. */
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    status: sessionStatus("status").notNull().default("scheduled"),
    /** Students may publish camera and microphone while this is on. */
    studentMedia: boolean("student_media").notNull().default(false),
    /** Students (user ids) whom staff let share their screen in this session. */
    screenShareGrants: text("screen_share_grants").array().notNull().default(sql`'{}'::text[]`),
    /**
     * Students (user ids) whom staff removed from this session: kept out of it (its rooms, chat,
     * polls, hands and whiteboard) until staff let them back in. Who removed them, and when, is in
     * the audit log.
     */
    removedUsers: text("removed_users").array().notNull().default(sql`'{}'::text[]`),
    /** Students may draw on the session's whiteboard while this is on (staff always may). */
    whiteboardStudents: boolean("whiteboard_students").notNull().default(false),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("course_sessions_course_idx").on(t.courseId, t.startsAt)],
);
