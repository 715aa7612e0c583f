import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseSessions } from "./courses.ts";
import { workspaces } from "./workspaces.ts";

/** How the students were split into groups (mixed-grade: strong and weak students spread over the groups by course grade). */
export const breakoutMethod = pgEnum("breakout_method", ["random", "round-robin", "mixed-grade", "manual"]);

/**
 * One round of breakout groups in a session. It is open until staff recall everyone
 * (`closed_at`) or its timer runs out (`ends_at` in the past): at most one open round per session.
 */
export const sessionBreakouts = pgTable(
  "session_breakouts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    method: breakoutMethod("method").notNull(),
    /** The seed the random split used (kept so the split can be reproduced). */
    seed: text("seed"),
    /** The timer: everyone is recalled at this time; null while no timer runs. */
    endsAt: timestamp("ends_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Who recalled everyone; null when the timer did (or the session ended). */
    closedBy: text("closed_by").references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("session_breakouts_open_idx").on(t.sessionId).where(sql`${t.closedAt} is null`),
    index("session_breakouts_session_idx").on(t.sessionId, t.createdAt),
  ],
);

/** A group of a breakout round: its number (1..N), its LiveKit room (named after its id) and its shared workspace. */
export const breakoutGroups = pgTable(
  "breakout_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    breakoutId: uuid("breakout_id")
      .notNull()
      .references(() => sessionBreakouts.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    /** The group's pair-programming workspace (kind "group"). */
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
  },
  (t) => [
    uniqueIndex("breakout_groups_number_idx").on(t.breakoutId, t.number),
    uniqueIndex("breakout_groups_workspace_idx").on(t.workspaceId),
    check("breakout_groups_number_range", sql`${t.number} between 1 and 50`),
  ],
);

/** Who is in which group: each student is in exactly one group of a round (the primary key). */
export const breakoutMembers = pgTable(
  "breakout_members",
  {
    breakoutId: uuid("breakout_id")
      .notNull()
      .references(() => sessionBreakouts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => breakoutGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.breakoutId, t.userId] }), index("breakout_members_group_idx").on(t.groupId)],
);

/** Messages staff broadcast to every group of a round (shown in each group's view). */
export const breakoutBroadcasts = pgTable(
  "breakout_broadcasts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    breakoutId: uuid("breakout_id")
      .notNull()
      .references(() => sessionBreakouts.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    /** At most 1000 characters, shown as plain text. */
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("breakout_broadcasts_breakout_idx").on(t.breakoutId, t.id)],
);
