import { z } from "zod";
import { globalRole, userId } from "./profile.ts";
import { text } from "./text.ts";

/** The most rows one page of an admin list holds. */
export const adminPageSizeMax = 100;

const page = z
  .int({ error: "must be a whole number" })
  .min(1, { error: "must be 1 or more" })
  .max(100_000, { error: "must be 100000 or less" })
  .default(1);
const pageSize = z
  .int({ error: "must be a whole number" })
  .min(1, { error: "must be 1 or more" })
  .max(adminPageSizeMax, { error: `must be ${adminPageSizeMax} or less` })
  .default(50);
const search = text("q", 200).optional();
const date = z.coerce.date({ error: "must be a date" });
const yesNo = z.boolean({ error: "must be true or false" });
const order = z.enum(["asc", "desc"], { error: "must be asc or desc" }).default("asc");

export const adminUserSorts = ["name", "email", "createdAt", "lastActiveAt"] as const;

/** admin.users: a page of every account, searched by a part of the name or email, filtered and sorted. */
export const adminUsersInput = z
  .object({
    q: search,
    role: globalRole.optional(),
    disabled: yesNo.optional(),
    /** Active (signed in, or used a session) at or after this time. */
    activeSince: date.optional(),
    /** Not active since this time (never active included). */
    inactiveSince: date.optional(),
    sort: z.enum(adminUserSorts, { error: `must be one of ${adminUserSorts.join(", ")}` }).default("name"),
    order,
    page,
    pageSize,
  })
  .strict()
  .default({ sort: "name", order: "asc", page: 1, pageSize: 50 });
export type AdminUsersInput = z.input<typeof adminUsersInput>;

export const adminUserRef = z.object({ userId }).strict();
export type AdminUserRef = z.input<typeof adminUserRef>;

export const adminSetRoleInput = z.object({ userId, role: globalRole }).strict();
export type AdminSetRoleInput = z.input<typeof adminSetRoleInput>;

export const adminDisableInput = z.object({ userId, reason: text("reason", 500).optional() }).strict();
export type AdminDisableInput = z.input<typeof adminDisableInput>;

/** admin.courses: a page of every course, searched by code or title. `archived` unset lists both. */
export const adminCoursesInput = z
  .object({ q: search, archived: yesNo.optional(), page, pageSize })
  .strict()
  .default({ page: 1, pageSize: 50 });
export type AdminCoursesInput = z.input<typeof adminCoursesInput>;

/** The audit log's filters: who (actor), what (an action or its prefix such as "user."), on what, when. */
export const adminAuditFilters = z.object({
  actorId: userId.optional(),
  action: text("action", 100).optional(),
  targetType: text("targetType", 50).optional(),
  targetId: text("targetId", 100).optional(),
  from: date.optional(),
  to: date.optional(),
});

export const adminAuditInput = adminAuditFilters.extend({ page, pageSize }).strict().default({ page: 1, pageSize: 50 });
export type AdminAuditInput = z.input<typeof adminAuditInput>;

export const adminAuditCsvInput = adminAuditFilters.strict().default({});
export type AdminAuditCsvInput = z.input<typeof adminAuditCsvInput>;
