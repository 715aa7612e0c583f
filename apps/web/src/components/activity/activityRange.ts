import { activityPlatformInput, isIanaTimeZone } from "@codeclass/validators";

/** The reader's IANA time zone (UTC when the browser gives none the server would accept). */
export function viewerTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isIanaTimeZone(zone) ? zone : "UTC";
}

/** Today's date in `timeZone`, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The day `days` days before `day` (both `YYYY-MM-DD`). */
export function daysBefore(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) - days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

export interface RangeChoice {
  from: string;
  to: string;
}

/** The last `days` days up to today in the zone, today included. */
export function lastDays(days: number, timeZone: string): RangeChoice {
  const to = todayIn(timeZone);
  return { from: daysBefore(to, days - 1), to };
}

/** What is wrong with a range, per field (the server's own rules, checked before asking it). */
export function rangeProblems(range: RangeChoice, timeZone: string): Partial<Record<"from" | "to", string>> {
  const parsed = activityPlatformInput.safeParse({ ...range, timeZone });
  if (parsed.success) return {};
  const out: Partial<Record<"from" | "to", string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === "from" || field === "to") && !out[field]) out[field] = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return out;
}

const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** ISO weekday (1 Monday … 7 Sunday) as its English name. */
export const weekdayName = (weekday: number) => weekdayNames[weekday - 1] ?? String(weekday);

/** A day `YYYY-MM-DD` as a short axis label, e.g. "Mar 9" (read as a calendar day, not in any zone). */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}
