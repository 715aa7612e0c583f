import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseSessions } from "./courses.ts";

/**
 * One connection of a participant to a session's room, from LiveKit's participant_joined to
 * participant_left; a user with two tabs has two overlapping intervals (their identities differ).
 */
export const sessionAttendance = pgTable(
  "session_attendance",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** The LiveKit participant identity of the connection (user id plus a per-connection suffix). */
    identity: text("identity").notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull(),
    leftAt: timestamp("left_at", { withTimezone: true }),
  },
  (t) => [
    index("session_attendance_session_idx").on(t.sessionId, t.userId),
    index("session_attendance_identity_idx").on(t.sessionId, t.identity),
  ],
);

/** LiveKit webhook deliveries already applied, by event id: a retried delivery is applied once. */
export const livekitWebhookEvents = pgTable("livekit_webhook_events", {
  eventId: text("event_id").primaryKey(),
  event: text("event").notNull(),
  room: text("room"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});
