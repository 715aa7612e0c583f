import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";

/**
 * previewing → previewed (checked, nothing written) → queued (the commit job waits) → committing
 * → committed | failed | cancelled. A cancel is possible until the commit's transaction ends.
 */
export const importStatus = pgEnum("import_status", [
  "queued",
  "previewing",
  "previewed",
  "committing",
  "committed",
  "failed",
  "cancelled",
]);

/** One uploaded bulk-import file and what became of it (services/import/*, the import_commit job). */
export const imports = pgTable(
  "imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorId: text("actor_id").references(() => user.id, { onDelete: "set null" }),
    /** The kind the admin chose, or null: guessed from the header. */
    kindHint: text("kind_hint"),
    /** The kind the file was read as (known once previewed). */
    kind: text("kind"),
    status: importStatus("status").notNull().default("previewing"),
    /** The uploaded file (bounded by the import's byte limit). */
    csv: text("csv").notNull(),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    /** Records written so far, of `progressTotal`, while committing; written outside the commit's transaction. */
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    /** Bumped on every change a follower sees (progress, status): the id of importProgress's events. */
    version: integer("version").notNull().default(1),
    /** The last check's counts, first problems and ignored headers (the report without its CSV). */
    report: jsonb("report").$type<Record<string, unknown>>(),
    problemCount: integer("problem_count").notNull().default(0),
    errorReportCsv: text("error_report_csv"),
    /** What the commit wrote, one line per record (committed imports only). */
    resultCsv: text("result_csv"),
    /** Why it failed, in words (a bad row, or an error). */
    message: text("message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("imports_created_idx").on(t.createdAt)],
);
