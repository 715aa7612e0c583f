import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { courses } from "./courses.ts";

/** Append-only record of what admins and course staff did (and operator CLI actions, actor null). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: text("actor_id").references(() => user.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    courseId: uuid("course_id").references(() => courses.id, { onDelete: "set null" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_course_idx").on(t.courseId, t.createdAt),
    index("audit_log_actor_idx").on(t.actorId),
    // The admin's audit page (services/admin/list-audit.ts): newest first, by action prefix, by target.
    index("audit_log_created_idx").on(t.createdAt, t.id),
    index("audit_log_action_idx").on(t.action.op("text_pattern_ops"), t.createdAt),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.createdAt),
  ],
);
