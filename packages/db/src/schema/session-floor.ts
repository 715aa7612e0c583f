import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseSessions } from "./courses.ts";

/**
 * A session's chat. `seq` is the change number a chat stream resumes from: taken when a message is
 * sent and taken again when staff delete it, under a per-session lock, so within a session the
 * numbers become visible in order (a reader never skips one that commits later).
 */
export const sessionMessages = pgTable(
  "session_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** The text as sent (at most 2000 characters), shown as plain text. */
    body: text("body").notNull(),
    /** A private message to the course's staff: seen only by its author and the staff. */
    toStaff: boolean("to_staff").notNull().default(false),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: text("deleted_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("session_messages_seq_idx").on(t.sessionId, t.seq), index("session_messages_author_idx").on(t.authorId, t.createdAt)],
);

/** Raised hands: the queue is the open ones (not lowered) of a session by `raised_at`. */
export const sessionHands = pgTable(
  "session_hands",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    loweredAt: timestamp("lowered_at", { withTimezone: true }),
    /** Who lowered it: the user themself or a staff member. */
    loweredBy: text("lowered_by").references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("session_hands_open_idx").on(t.sessionId, t.userId).where(sql`${t.loweredAt} is null`),
    index("session_hands_queue_idx").on(t.sessionId, t.raisedAt),
  ],
);

/**
 * Reactions are broadcast, not stored: only how many each user sent in a session (for the
 * participation figures), and the current rate-limit window.
 */
export const sessionReactionCounts = pgTable(
  "session_reaction_counts",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    count: integer("count").notNull().default(0),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
    windowCount: integer("window_count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);
