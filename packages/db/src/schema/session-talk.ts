import { sql } from "drizzle-orm";
import { integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseSessions } from "./courses.ts";

/**
 * Talk time per user and session, credited from staff clients' reports of LiveKit's
 * ActiveSpeakersChanged (see services/dashboard/report-speakers.ts for how they are trusted).
 */
export const sessionTalkTime = pgTable(
  "session_talk_time",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => courseSessions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    ms: integer("ms").notNull().default(0),
    lastSpokeAt: timestamp("last_spoke_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

/** The active speakers last reported for a session and when: the next report credits them the time between. */
export const sessionSpeakerState = pgTable("session_speaker_state", {
  sessionId: uuid("session_id")
    .primaryKey()
    .references(() => courseSessions.id, { onDelete: "cascade" }),
  speakers: text("speakers").array().notNull().default(sql`'{}'::text[]`),
  reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
});
