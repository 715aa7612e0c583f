import { bigint, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseSessions } from "./courses.ts";
import { bytea } from "./workspaces.ts";

/**
 * A live session's whiteboard (Yjs document `whiteboard:<session id>` on /collab): a snapshot
 * and the log position it covers, like a workspace's (docs/collab.md, "Whiteboards").
 */
export const sessionWhiteboards = pgTable("session_whiteboards", {
  sessionId: uuid("session_id")
    .primaryKey()
    .references(() => courseSessions.id, { onDelete: "cascade" }),
  /** A Yjs snapshot (encodeStateAsUpdate); the log rows after `state_update_id` are applied on top. */
  state: bytea("state"),
  /** The last `whiteboard_updates.id` folded into `state` (0: none). */
  stateUpdateId: bigint("state_update_id", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Append-only log of whiteboard updates; written before the server acknowledges them. */
export const whiteboardUpdates = pgTable(
  "whiteboard_updates",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    update: bytea("update").notNull(),
    bytes: integer("bytes").notNull(),
  },
  (t) => [index("whiteboard_updates_session_idx").on(t.sessionId, t.id)],
);
