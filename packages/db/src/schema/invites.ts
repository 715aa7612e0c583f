import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courseRole, courses } from "./courses.ts";

/** How a course lets people enrol themselves: a short code typed by a person, or a link's long token. */
export const joinKind = pgEnum("join_kind", ["code", "link"]);

/**
 * A course's join code and invitation link (one row each, made when first enabled or regenerated).
 * `secret` is shown to the course's staff; lookups go through `secretHash` (sha256 hex of the
 * normalized secret). Regenerating replaces both, so the old secret stops working at once.
 */
export const courseJoinSecrets = pgTable(
  "course_join_secrets",
  {
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    kind: joinKind("kind").notNull(),
    secret: text("secret").notNull(),
    secretHash: text("secret_hash").notNull(),
    enabled: boolean("enabled").notNull().default(false),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** Never instructor (the check constraint holds it too). */
    role: courseRole("role").notNull().default("student"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.kind] }),
    uniqueIndex("course_join_secrets_hash_idx").on(t.secretHash),
    check("course_join_secrets_role_check", sql`${t.role} <> 'instructor'`),
  ],
);

/**
 * A personal invitation mailed to an address that had no account (pasted emails): its link's
 * token (stored only as a sha256 hash) enrolls the account that signs up with that address, once.
 */
export const courseInvitations = pgTable(
  "course_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** Lower case, as the validators give it. */
    email: text("email").notNull(),
    role: courseRole("role").notNull().default("student"),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("course_invitations_course_email_idx").on(t.courseId, t.email),
    uniqueIndex("course_invitations_token_idx").on(t.tokenHash),
    check("course_invitations_role_check", sql`${t.role} <> 'instructor'`),
  ],
);

/** Wrong join codes and tokens per user, in a window (see services/invite/join-throttle.ts). */
export const joinFailures = pgTable(
  "join_failures",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => user.id, { onDelete: "cascade" }),
    failures: integer("failures").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("join_failures_window_idx").on(t.windowStartedAt)],
);
