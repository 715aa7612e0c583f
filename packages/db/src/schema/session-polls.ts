import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, jsonb, pgEnum, pgSequence, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseSessions } from "./courses.ts";

export const sessionPollKind = pgEnum("session_poll_kind", ["single", "multiple", "short", "code"]);
export const sessionPollStatus = pgEnum("session_poll_status", ["open", "closed"]);
/** Where polls' change numbers (`seq`, `state_seq`) come from. */
export const sessionPollSeq = pgSequence("session_poll_seq");

/** What a student answered: chosen option indexes (choice polls) or text (short answer). */
export type PollAnswerValue = { options: number[] } | { text: string };

/**
 * A poll asked in a session. `seq` is the poll's change number (any change, answers included,
 * which staff follow); `state_seq` changes only when the poll itself does (created, closed,
 * revealed), which is all students follow. Both are taken under a per-session lock from the
 * same sequence, so a stream that resumes after a number never skips one committed later.
 */
export const sessionPolls = pgTable(
  "session_polls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    kind: sessionPollKind("kind").notNull(),
    /** At most 500 characters, shown as plain text. */
    question: text("question").notNull(),
    /** 2 to 10 options of at most 200 characters for choice polls; empty for short answers. */
    options: jsonb("options").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Indexes into `options` of the correct ones, when the poll has any. */
    correct: jsonb("correct").$type<number[]>(),
    status: sessionPollStatus("status").notNull().default("open"),
    resultsRevealed: boolean("results_revealed").notNull().default(false),
    seq: bigint("seq", { mode: "number" }).notNull(),
    stateSeq: bigint("state_seq", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    index("session_polls_seq_idx").on(t.sessionId, t.seq),
    index("session_polls_state_seq_idx").on(t.sessionId, t.stateSeq),
    check("session_polls_question_len", sql`char_length(${t.question}) between 1 and 500`),
  ],
);

/** One answer per student and poll: answering again replaces it while the poll is open. */
export const sessionPollAnswers = pgTable(
  "session_poll_answers",
  {
    pollId: uuid("poll_id")
      .notNull()
      .references(() => sessionPolls.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    answer: jsonb("answer").$type<PollAnswerValue>().notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.userId] })],
);
