import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courses } from "./courses.ts";
import { workspaces } from "./workspaces.ts";

export const runStatus = pgEnum("run_status", ["queued", "running", "finished"]);

/** One execution of a program: who, what (a snapshot of the files), and how it ended. */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** The workspace whose stored document the files were taken from, if any. */
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "set null" }),
    language: text("language").notNull(),
    /** sha256 of the files (path + content), to spot identical submissions. */
    filesHash: text("files_hash").notNull(),
    files: jsonb("files").$type<{ path: string; content: string }[]>().notNull(),
    stdin: text("stdin").notNull().default(""),
    args: jsonb("args").$type<string[]>().notNull().default([]),
    interactive: boolean("interactive").notNull().default(true),
    /** Limits the request asked for (within the maxima); the rest are the defaults. */
    limits: jsonb("limits").$type<Record<string, number>>().notNull().default({}),
    status: runStatus("status").notNull().default("queued"),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    verdict: text("verdict"),
    message: text("message"),
    exitCode: integer("exit_code"),
    signal: text("signal"),
    cpuMs: integer("cpu_ms"),
    wallMs: integer("wall_ms"),
    memoryKb: integer("memory_kb"),
    driver: text("driver"),
    /** Set by the worker every few seconds while it holds the run; a stale one means the worker died. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("runs_user_idx").on(t.userId, t.createdAt),
    index("runs_course_idx").on(t.courseId, t.createdAt),
    index("runs_status_idx").on(t.status),
    index("runs_workspace_idx").on(t.workspaceId, t.createdAt),
    // The queue's estimate reads the durations of the last runs to finish (services/run/queue-positions.ts).
    index("runs_finished_idx").on(t.finishedAt),
  ],
);

/** The run's output and state changes, numbered from 1, in order. */
export const runEvents = pgTable(
  "run_events",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    /** status | stdout | stderr | compile | input | end */
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** What the user typed, in order, for the worker that holds the process. */
export const runInputs = pgTable(
  "run_inputs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    data: text("data").notNull(),
    eof: boolean("eof").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("run_inputs_run_idx").on(t.runId, t.id)],
);
