import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { assignmentRegrades, assignments, assignmentTests, type StoredFile } from "./assignments.ts";
import { user } from "./auth.ts";
import { workspaces } from "./workspaces.ts";

export const submissionStatus = pgEnum("submission_status", ["queued", "running", "finished"]);

/** A snapshot of a student's assignment workspace, graded by one job (compile once, every test). */
export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "set null" }),
    language: text("language").notNull(),
    entry: text("entry"),
    files: jsonb("files").$type<StoredFile[]>().notNull(),
    status: submissionStatus("status").notNull().default("queued"),
    /** Whether it uses one of the attempts (false for a compile failure when the assignment says so). */
    countsAsAttempt: boolean("counts_as_attempt").notNull().default(true),
    /** Minutes after the (extended) due date, past the grace period; 0 when on time. */
    lateMinutes: integer("late_minutes").notNull().default(0),
    /** Percent taken off for lateness. */
    penaltyPct: integer("penalty_pct").notNull().default(0),
    /** OK, or COMPILE_ERROR / INTERNAL_ERROR when nothing could run. */
    compileVerdict: text("compile_verdict"),
    compileOutput: text("compile_output"),
    /** Points of the current results before the penalty, after it, and the most there are. */
    rawScore: doublePrecision("raw_score"),
    score: doublePrecision("score"),
    maxScore: doublePrecision("max_score"),
    /** The assignment's tests version the current results are for. */
    testsVersion: integer("tests_version").notNull().default(0),
    /** Grading rounds so far (1: the first grading; each regrade adds one). */
    round: integer("round").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("submissions_assignment_user_idx").on(t.assignmentId, t.userId, t.createdAt)],
);

/**
 * One test's result in one grading round. Rows are never changed or removed: a regrade adds rows
 * for the tests that changed, so earlier results stay for audit. A submission's current result
 * for a test is the newest row at the test's current revision.
 */
export const submissionResults = pgTable(
  "submission_results",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    testId: uuid("test_id")
      .notNull()
      .references(() => assignmentTests.id, { onDelete: "cascade" }),
    testRevision: integer("test_revision").notNull(),
    round: integer("round").notNull(),
    /** accepted | partial | wrong_answer | a sandbox verdict (TIME_LIMIT, RUNTIME_ERROR ...) | skipped */
    verdict: text("verdict").notNull(),
    points: doublePrecision("points").notNull(),
    maxPoints: doublePrecision("max_points").notNull(),
    cpuMs: integer("cpu_ms"),
    wallMs: integer("wall_ms"),
    memoryKb: integer("memory_kb"),
    /** The program's output (cut at 64 KiB) and the checker's or comparison's message. */
    stdout: text("stdout").notNull().default(""),
    stderr: text("stderr").notNull().default(""),
    message: text("message").notNull().default(""),
    regradeId: bigint("regrade_id", { mode: "number" }).references(() => assignmentRegrades.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("submission_results_submission_idx").on(t.submissionId, t.id)],
);
