import { z } from "zod";
import { limits } from "./limits.ts";
import { runLanguages } from "./run.ts";
import { requiredText, text } from "./text.ts";

/** Global roles (better-auth's `user.role`). Course roles come from enrollments. */
export const globalRoles = ["admin", "instructor", "student"] as const;
export const globalRole = z.enum(globalRoles, { error: `must be one of ${globalRoles.join(", ")}` });
export type GlobalRole = z.infer<typeof globalRole>;

export const email = z
  .email({ error: "must be a valid address such as ada@example.com" })
  .max(limits.email, { error: `is too long: the limit is ${limits.email} characters` })
  .transform((e) => e.toLowerCase());

export const password = z
  .string({ error: "must be text" })
  .min(limits.passwordMin, { error: `is too short: use at least ${limits.passwordMin} characters` })
  .max(limits.passwordMax, { error: `is too long: the limit is ${limits.passwordMax} characters` });

export const userId = z
  .string({ error: "must be text" })
  .min(1, { error: "is required" })
  .max(64, { error: "is too long: the limit is 64 characters" });

/** A person's display name: one line of text, no control characters (it shows in rosters and presence). */
export const personName = requiredText("name", limits.name).refine((v) => !/[\p{Cc}]/u.test(v), {
  error: "may not contain control characters such as tabs or line breaks",
});

export const profileUpdateInput = z
  .object({
    name: personName,
    bio: text("bio", limits.bio).nullish(),
  })
  .strict();
export type ProfileUpdateInput = z.input<typeof profileUpdateInput>;

export const userCreateInput = z.object({ email, name: personName, role: globalRole, password }).strict();
export type UserCreateInput = z.input<typeof userCreateInput>;

/** Avatars: the largest upload, the most pixels a decoded image may have, and the stored square's side. */
export const avatarLimits = { maxBytes: 5 * 1024 * 1024, maxPixels: 40_000_000, side: 256 } as const;
/** Raster formats an avatar may be sent in (checked from the bytes, never the file name). */
export const avatarFormats = ["jpeg", "png", "webp", "gif", "avif"] as const;

const historyDate = z.coerce.date({ error: "must be a date" });

const historyFilters = z
  .object({
    courseId: z.uuid({ error: "must be a course id (a UUID)" }).optional(),
    language: z.enum(runLanguages, { error: `must be one of ${runLanguages.join(", ")}` }).optional(),
    /** A run's verdict (OK, COMPILE_ERROR ...), or PENDING for runs still queued or running. */
    verdict: z
      .string({ error: "must be text" })
      .regex(/^[A-Z_]{1,32}$/, { error: "must be a verdict such as OK or TIME_LIMIT" })
      .optional(),
    from: historyDate.optional(),
    to: historyDate.optional(),
    page: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be 1 or more" })
      .max(10_000, { error: "is too large: the limit is 10000" })
      .default(1),
    pageSize: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(100, { error: "is too large: the limit is 100" })
      .default(25),
  })
  .strict();
const orderedRange = (v: { from?: Date; to?: Date }) => !v.from || !v.to || v.from <= v.to;
const rangeError = { path: ["to"], error: "must not be before the start date" };

/** My learning history: filters (all optional, combined with AND) and one page, newest first. */
export const historyInput = historyFilters.refine(orderedRange, rangeError);
export type HistoryInput = z.input<typeof historyInput>;

/** The live sessions I attended: by course and the session's start date, one page, newest first. */
export const attendanceHistoryInput = historyFilters.omit({ language: true, verdict: true }).refine(orderedRange, rangeError);
export type AttendanceHistoryInput = z.input<typeof attendanceHistoryInput>;
