import { z } from "zod";
import { courseCode } from "./course.ts";
import { courseRoles } from "./enrollment.ts";
import { limits } from "./limits.ts";
import { email, personName } from "./profile.ts";
import { text } from "./text.ts";

/**
 * Bulk import (CSV): what each kind of file holds. One row a record; the first row names the
 * columns, in any order, by any of their aliases (case, spaces, "-" and "_" do not matter).
 *
 * - users:       email, name, role (student | instructor; default student)
 * - courses:     code, title, term, description
 * - enrollments: email, course (its code), role (student | ta | instructor; default student)
 * - roster:      email, name, course, role: creates the accounts that do not exist yet and
 *                enrolls everyone (the combined format)
 */
export const importKinds = ["users", "courses", "enrollments", "roster"] as const;
export type ImportKind = (typeof importKinds)[number];

/** Each column's aliases, normalized (see `normalizeHeader`). The first is the column's name. */
export const importColumns = {
  email: ["email", "emailaddress", "mail", "이메일", "메일", "전자우편"],
  name: ["name", "fullname", "studentname", "이름", "성명"],
  role: ["role", "courserole", "globalrole", "역할", "권한"],
  course: ["course", "coursecode", "class", "과목", "과목코드", "강좌", "강좌코드"],
  code: ["code", "coursecode", "과목코드", "강좌코드", "코드"],
  title: ["title", "coursetitle", "coursename", "제목", "과목명", "강좌명"],
  term: ["term", "semester", "학기"],
  description: ["description", "about", "설명"],
} as const;
export type ImportColumn = keyof typeof importColumns;

/** Which columns each kind reads, and which of them must be present. */
export const importLayouts: Record<ImportKind, { columns: readonly ImportColumn[]; required: readonly ImportColumn[] }> = {
  users: { columns: ["email", "name", "role"], required: ["email", "name"] },
  courses: { columns: ["code", "title", "term", "description"], required: ["code", "title"] },
  enrollments: { columns: ["email", "course", "role"], required: ["email", "course"] },
  roster: { columns: ["email", "name", "course", "role"], required: ["email", "course"] },
};

/** A header as compared with the aliases: lower case, without spaces, "-", "_" and ".". */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\s\-_.]/g, "");
}

/** Global roles an import may give: never admin (an admin is made one at a time, on purpose). */
export const importGlobalRoles = ["student", "instructor"] as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** One row of each kind, after the header has been mapped to column names. */
export const importRow = {
  users: z.object({
    email,
    name: personName,
    role: z.preprocess(
      blankToUndefined,
      z.enum(importGlobalRoles, { error: "must be student or instructor (an admin is made with the admin page)" }).default("student"),
    ),
  }),
  courses: z.object({
    code: courseCode,
    title: text("title", limits.courseTitle).min(1, { error: "is required" }),
    term: z.preprocess(blankToUndefined, text("term", limits.courseTerm).optional()),
    description: z.preprocess(blankToUndefined, text("description", limits.courseDescription).optional()),
  }),
  enrollments: z.object({
    email,
    course: courseCode,
    role: z.preprocess(blankToUndefined, z.enum(courseRoles, { error: `must be one of ${courseRoles.join(", ")}` }).default("student")),
  }),
  roster: z.object({
    email,
    name: z.preprocess(blankToUndefined, personName.optional()),
    course: courseCode,
    role: z.preprocess(blankToUndefined, z.enum(courseRoles, { error: `must be one of ${courseRoles.join(", ")}` }).default("student")),
  }),
} as const;
export type ImportRow<K extends ImportKind> = z.output<(typeof importRow)[K]>;

/** The most one import takes. */
export const importLimits = { bytes: 20 * 1024 * 1024, rows: 100_000 } as const;

export const importInput = z
  .object({
    kind: z.enum(importKinds, { error: `must be one of ${importKinds.join(", ")}` }).optional(),
    csv: z
      .string({ error: "must be text" })
      .min(1, { error: "is empty: paste a CSV file or upload one" })
      .max(importLimits.bytes, { error: `is larger than ${importLimits.bytes / 1024 / 1024} MiB, the limit` }),
  })
  .strict();
export type ImportInput = z.input<typeof importInput>;

/** One stored import (admin.importGet, importStart, importCancel). */
export const importRef = z.object({ importId: z.uuid({ error: "must be an import's id" }) }).strict();

/** Follows one import; `lastEventId` (the last event's id) resumes after a reconnect. */
export const importProgressInput = z
  .object({
    importId: z.uuid({ error: "must be an import's id" }),
    lastEventId: z
      .string()
      .regex(/^\d{1,10}$/, { error: "must be the id of an event this stream sent" })
      .nullish(),
  })
  .strict();

/** The files an import offers afterwards: what the commit wrote, and every problem found. */
export const importDownloads = ["result", "errors"] as const;
export const importDownloadInput = z
  .object({
    importId: z.uuid({ error: "must be an import's id" }),
    file: z.enum(importDownloads, { error: `must be one of ${importDownloads.join(", ")}` }),
  })
  .strict();
