import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courses } from "./courses.ts";
import { runs } from "./runs.ts";

/**
 * A key for the Judge0-compatible REST API (`X-Auth-Token`), made by an administrator. Only the
 * sha256 hex of the key is stored (`keyHash`); `prefix` (its first characters) tells keys apart in
 * lists. Runs made with the key belong to its creator, in `courseId`. Revoking sets `revokedAt`:
 * the key is refused from then on.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** Requests a minute the key may make (a token bucket of this size, refilled evenly). */
    requestsPerMinute: integer("requests_per_minute").notNull().default(120),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.keyHash), index("api_keys_created_idx").on(t.createdAt)],
);

/**
 * A run made through the Judge0-compatible API: its token is the run's id. Holds what Judge0
 * keeps with a submission that a run does not: the language id asked for, the expected output
 * (compared by Judge0's rule when the run ends) and whether stderr was folded into stdout.
 */
export const judge0Submissions = pgTable(
  "judge0_submissions",
  {
    runId: uuid("run_id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    keyId: uuid("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    languageId: integer("language_id").notNull(),
    expectedOutput: text("expected_output"),
    redirectStderrToStdout: boolean("redirect_stderr_to_stdout").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("judge0_submissions_key_idx").on(t.keyId, t.createdAt)],
);
