import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courses } from "./courses.ts";

/** A file as stored in an assignment (starter code, test data, checker source). */
export interface StoredFile {
  path: string;
  content: string;
}

/** How a test's output is judged: a comparison mode of services/grading/compare.ts, or the assignment's checker. */
export type StoredCompare =
  | { mode: "exact" | "judge0" | "tokens" | "unorderedLines" }
  | { mode: "floats"; absTolerance?: number; relTolerance?: number }
  | { mode: "regex"; ignoreCase?: boolean; dotAll?: boolean }
  | { mode: "checker" };

export const assignmentScorePolicy = pgEnum("assignment_score_policy", ["best", "last"]);
export const assignmentTestVisibility = pgEnum("assignment_test_visibility", ["visible", "hidden", "after_due"]);

/** A graded programming assignment of a course (docs/grading.md). */
export const assignments = pgTable(
  "assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Markdown, rendered without raw HTML. */
    statement: text("statement").notNull().default(""),
    /** Languages a submission may be in (the first is the starter's when it has none). */
    languages: jsonb("languages").$type<string[]>().notNull(),
    /** What each student's assignment workspace starts from (copied from the course template or a workspace). */
    starter: jsonb("starter").$type<{ files: StoredFile[]; language: string | null; entry: string | null }>(),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** Late submissions: accepted with a penalty, or refused. */
    acceptLate: boolean("accept_late").notNull().default(true),
    /** Percent of the score taken per started day late, up to `latePenaltyCap` percent. */
    latePenaltyPerDay: integer("late_penalty_per_day").notNull().default(0),
    latePenaltyCap: integer("late_penalty_cap").notNull().default(100),
    /** Minutes after the due date during which a submission is not late at all. */
    graceMinutes: integer("grace_minutes").notNull().default(0),
    /** Submissions that count as attempts; null: unlimited. */
    attemptLimit: integer("attempt_limit"),
    /** Whether a submission that does not compile uses an attempt. */
    compileErrorUsesAttempt: boolean("compile_error_uses_attempt").notNull().default(true),
    scorePolicy: assignmentScorePolicy("score_policy").notNull().default("best"),
    /** The instructor's checker program (exit 0 accepted, 1 wrong, 7 partial: docs/grading.md). */
    checker: jsonb("checker").$type<{ language: string; files: StoredFile[] }>(),
    /** Bumped when tests change; a regrade reruns the tests changed since a submission was graded. */
    testsVersion: integer("tests_version").notNull().default(0),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("assignments_course_idx").on(t.courseId, t.dueAt)],
);

/** One test case of an assignment, in `position` order. `revision` changes whenever the test does. */
export const assignmentTests = pgTable(
  "assignment_tests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    stdin: text("stdin").notNull().default(""),
    expected: text("expected").notNull().default(""),
    args: jsonb("args").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    files: jsonb("files").$type<StoredFile[]>().notNull().default(sql`'[]'::jsonb`),
    points: integer("points").notNull().default(1),
    limits: jsonb("limits").$type<{ cpuMs?: number; wallMs?: number; memoryKb?: number }>().notNull().default(sql`'{}'::jsonb`),
    compare: jsonb("compare").$type<StoredCompare>().notNull(),
    visibility: assignmentTestVisibility("visibility").notNull().default("visible"),
    /** When it fails, the tests after it are not run. */
    gate: boolean("gate").notNull().default(false),
    revision: integer("revision").notNull().default(1),
    /** Bytes of stdin, expected output and files: the assignment's total is bounded. */
    bytes: integer("bytes").notNull(),
  },
  (t) => [uniqueIndex("assignment_tests_position_idx").on(t.assignmentId, t.position)],
);

/** A later due date for one student. */
export const assignmentExtensions = pgTable(
  "assignment_extensions",
  {
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    grantedBy: text("granted_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.userId] })],
);

/** A grade set by hand, with its reason; it replaces the computed one (the audit log keeps each change). */
export const gradeOverrides = pgTable(
  "grade_overrides",
  {
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    score: doublePrecision("score").notNull(),
    reason: text("reason").notNull(),
    setBy: text("set_by").references(() => user.id, { onDelete: "set null" }),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.userId] })],
);

/** A rerun of an assignment's submissions after its tests changed; progress is `done` of `total`. */
export const assignmentRegrades = pgTable(
  "assignment_regrades",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    testsVersion: integer("tests_version").notNull(),
    total: integer("total").notNull(),
    done: integer("done").notNull().default(0),
    startedBy: text("started_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("assignment_regrades_assignment_idx").on(t.assignmentId, t.id)],
);
