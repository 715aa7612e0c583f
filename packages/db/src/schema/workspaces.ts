import { sql } from "drizzle-orm";
import { bigint, customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { assignments } from "./assignments.ts";
import { user } from "./auth.ts";
import { courses } from "./courses.ts";

/** Postgres bytea as a Uint8Array (postgres.js returns a Buffer, which is one). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
  fromDriver: (v) => (v instanceof Uint8Array ? v : Buffer.from(v as unknown as string, "hex")),
});

/** A student's own, the course's demo, or a breakout group's shared one (breakout_groups). */
export const workspaceKind = pgEnum("workspace_kind", ["student", "demo", "group"]);

/**
 * Where a log row came from: a client's edit; what a client sent when it (re)connected, e.g. work
 * done offline ("sync"); the course template a new workspace started from; or a file course staff
 * sent to every student from a live session ("sent").
 */
export const workspaceUpdateSource = pgEnum("workspace_update_source", ["edit", "sync", "template", "sent"]);

/** One collaborative Y.Doc (docs/collab.md): a student's own, the course's demo, or a breakout group's. */
export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** The student who owns it; null for a demo or group workspace. */
    ownerId: text("owner_id").references(() => user.id, { onDelete: "cascade" }),
    kind: workspaceKind("kind").notNull(),
    /** For a student's assignment workspace: its assignment (a student has one per assignment, besides their course workspace). */
    assignmentId: uuid("assignment_id").references(() => assignments.id, { onDelete: "cascade" }),
    /** A Yjs snapshot (encodeStateAsUpdate); the log rows after `state_update_id` are applied on top. */
    state: bytea("state"),
    /** The last `workspace_updates.id` folded into `state` (0: none). */
    stateUpdateId: bigint("state_update_id", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastEditAt: timestamp("last_edit_at", { withTimezone: true }),
    lastEditBy: text("last_edit_by").references(() => user.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("workspaces_student_idx").on(t.courseId, t.ownerId).where(sql`${t.kind} = 'student' and ${t.assignmentId} is null`),
    uniqueIndex("workspaces_assignment_idx").on(t.assignmentId, t.ownerId).where(sql`${t.assignmentId} is not null`),
    uniqueIndex("workspaces_demo_idx").on(t.courseId).where(sql`${t.kind} = 'demo'`),
    index("workspaces_owner_idx").on(t.ownerId),
  ],
);

/** Append-only log of client updates; written before the server acknowledges them. */
export const workspaceUpdates = pgTable(
  "workspace_updates",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    update: bytea("update").notNull(),
    bytes: integer("bytes").notNull(),
    insertedChars: integer("inserted_chars").notNull().default(0),
    source: workspaceUpdateSource("source").notNull().default("edit"),
  },
  (t) => [index("workspace_updates_ws_idx").on(t.workspaceId, t.id)],
);

/** The files and language new student workspaces of a course start from. */
export const courseTemplates = pgTable("course_templates", {
  courseId: uuid("course_id")
    .primaryKey()
    .references(() => courses.id, { onDelete: "cascade" }),
  files: jsonb("files").$type<{ path: string; content: string }[]>().notNull(),
  language: text("language"),
  entry: text("entry"),
  /** The workspace it was copied from, if it still exists. */
  sourceWorkspaceId: uuid("source_workspace_id").references(() => workspaces.id, { onDelete: "set null" }),
  updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
