import type { AppRouter } from "@codeclass/api";
import type { AdminAuditCsvInput, AdminUsersInput } from "@codeclass/validators";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";

type Api = TRPCOptionsProxy<AppRouter>;

/** One account of `admin.users`. */
export type AdminUserRow = inferOutput<Api["admin"]["users"]>["users"][number];
/** The filters and page `admin.users` takes. */
export type AdminUsersQuery = Exclude<AdminUsersInput, undefined>;
/** One course of `admin.courses`, with its instructors and member counts. */
export type AdminCourseRow = inferOutput<Api["admin"]["courses"]>["courses"][number];
/** One entry of `admin.audit`. */
export type AdminAuditEntry = inferOutput<Api["admin"]["audit"]>["entries"][number];
/** The filters `admin.audit` and `admin.auditCsv` take. */
export type AdminAuditQuery = Exclude<AdminAuditCsvInput, undefined>;
