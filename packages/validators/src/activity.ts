import { z } from "zod";
import { courseId } from "./course.ts";

/** The longest date range one activity request covers, in days (a leap year). */
export const activityMaxDays = 366;

/** The charts of the activity dashboard; `activity.csv` exports the data of one of them. */
export const activityCharts = [
  "activeStudents",
  "runsByLanguage",
  "runsByVerdict",
  "edits",
  "busiestHours",
  "submissions",
  "attendance",
] as const;
export type ActivityChart = (typeof activityCharts)[number];

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of a `YYYY-MM-DD` day at 00:00 UTC, or NaN when it is no calendar day. */
export function dayToUtcMs(day: string): number {
  const m = dayPattern.exec(day);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : Number.NaN;
}

/** A calendar day written `YYYY-MM-DD` (as `<input type="date">` gives it), read in the request's time zone. */
const day = z
  .string({ error: "must be a date written YYYY-MM-DD" })
  .refine((v) => !Number.isNaN(dayToUtcMs(v)), { error: "must be a date written YYYY-MM-DD" });

/**
 * True for a time zone name of the IANA database ("Europe/Berlin", "Asia/Seoul", "UTC") that this
 * runtime knows. Offsets such as "+09:00" are refused: Postgres reads a bare offset with the POSIX
 * sign (east is negative), so the same text would mean two different zones on the two sides.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ianaTimeZone = z
  .string({ error: "must be a time zone name such as Europe/Berlin" })
  .max(64, { error: "is too long: the limit is 64 characters" })
  .refine(isIanaTimeZone, { error: "must be a time zone name of the IANA database, such as Europe/Berlin or UTC" });

const rangeShape = {
  /** The first day counted, from its midnight in `timeZone`. */
  from: day,
  /** The last day counted, up to the next midnight in `timeZone` (both ends are included). */
  to: day,
  /** The viewer's IANA time zone: it decides where each day starts and which hour an event falls in. */
  timeZone: ianaTimeZone,
};

/** from ≤ to, and at most `activityMaxDays` days from the first to the last. */
function checkRange(v: { from: string; to: string }, ctx: z.RefinementCtx) {
  const from = dayToUtcMs(v.from);
  const to = dayToUtcMs(v.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return;
  const days = Math.round((to - from) / 86_400_000) + 1;
  if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: `must be on or after from (${v.from})` });
  else if (days > activityMaxDays)
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `must keep the range within ${activityMaxDays} days: ${v.from} to ${v.to} holds ${days}`,
    });
}

/** activity.platform: every course's activity over a date range (admins). */
export const activityPlatformInput = z.object(rangeShape).strict().superRefine(checkRange);
export type ActivityPlatformInput = z.input<typeof activityPlatformInput>;

/** activity.course: one course's activity over a date range (its instructors and TAs, admins). */
export const activityCourseInput = z
  .object({ courseId, ...rangeShape })
  .strict()
  .superRefine(checkRange);
export type ActivityCourseInput = z.input<typeof activityCourseInput>;

/** The scope of an activity request inside the services: no course means every course. */
export const activityScopeInput = z
  .object({ courseId: courseId.optional(), ...rangeShape })
  .strict()
  .superRefine(checkRange);
export type ActivityScopeInput = z.input<typeof activityScopeInput>;

/** activity.csv: one chart's data as CSV; with a courseId that course's (its staff), without it the platform's (admins). */
export const activityCsvInput = z
  .object({
    chart: z.enum(activityCharts, { error: `must be one of ${activityCharts.join(", ")}` }),
    courseId: courseId.optional(),
    ...rangeShape,
  })
  .strict()
  .superRefine(checkRange);
export type ActivityCsvInput = z.input<typeof activityCsvInput>;
