import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courses } from "./courses.ts";
import { runs } from "./runs.ts";
import { sessionPollKind, sessionPolls } from "./session-polls.ts";
import { workspaces } from "./workspaces.ts";

/** One test of a code question: the program's standard input and the output expected from it. */
export interface CodeTest {
  stdin: string;
  expected: string;
}

/** What makes a poll of kind `code` a code question: the language, an optional starter and the tests. */
export const sessionPollCode = pgTable("session_poll_code", {
  pollId: uuid("poll_id")
    .primaryKey()
    .references(() => sessionPolls.id, { onDelete: "cascade" }),
  language: text("language").notNull(),
  starter: text("starter").notNull().default(""),
  tests: jsonb("tests").$type<CodeTest[]>().notNull(),
});

/**
 * A student's answer to a code question: one row per student and poll (a new answer replaces the
 * old one under a new `attempt`), the file as it was in the stored workspace document, and the
 * verdict once every test's run has finished (`passed` of `total`; `graded_at` null while pending).
 */
export const sessionPollCodeAnswers = pgTable(
  "session_poll_code_answers",
  {
    pollId: uuid("poll_id")
      .notNull()
      .references(() => sessionPolls.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    attempt: uuid("attempt").notNull(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "set null" }),
    path: text("path").notNull(),
    content: text("content").notNull(),
    passed: integer("passed").notNull().default(0),
    total: integer("total").notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.userId] })],
);

/** The runs of an answer's attempt, one per test; `passed` is set when the run finishes. */
export const sessionPollCodeRuns = pgTable(
  "session_poll_code_runs",
  {
    runId: uuid("run_id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    pollId: uuid("poll_id")
      .notNull()
      .references(() => sessionPolls.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    attempt: uuid("attempt").notNull(),
    testIndex: integer("test_index").notNull(),
    passed: boolean("passed"),
  },
  (t) => [index("session_poll_code_runs_attempt_idx").on(t.pollId, t.userId, t.attempt)],
);

/**
 * A course's question bank: questions saved from polls (or edited here) and asked again in any of
 * the course's sessions. `code` holds a code question's language, starter and tests.
 */
export const coursePollQuestions = pgTable(
  "course_poll_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    kind: sessionPollKind("kind").notNull(),
    question: text("question").notNull(),
    options: jsonb("options").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    correct: jsonb("correct").$type<number[]>(),
    code: jsonb("code").$type<{ language: string; starter: string; tests: CodeTest[] }>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("course_poll_questions_course_idx").on(t.courseId, t.updatedAt),
    check("course_poll_questions_question_len", sql`char_length(${t.question}) between 1 and 500`),
  ],
);
