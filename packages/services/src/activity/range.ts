import { type ActivityScopeInput, activityScopeInput, dayToUtcMs } from "@codeclass/validators";
import { type SQL, sql } from "drizzle-orm";

/**
 * A validated date range in one time zone. Both ends are days of that zone and both are included:
 * events from `from`'s first instant up to (not including) the first instant of the day after `to`.
 */
export interface ActivityRange {
  /** null: every course (the platform). */
  courseId: string | null;
  from: string;
  to: string;
  timeZone: string;
  /** Every day of the range, `YYYY-MM-DD`, oldest first (the charts show days without events as 0). */
  days: string[];
  /** The first instant of `from` in the zone (midnight, or the first hour a daylight-saving change leaves). */
  start: SQL;
  /** The first instant of the day after `to` in the zone. */
  end: SQL;
  /**
   * The quarter hour (UTC-aligned) a timestamptz falls in. Every time zone's offset, daylight saving
   * included, is a whole number of quarter hours, so a quarter lies within one local day and hour:
   * events are counted per quarter first (cheap integer arithmetic on every row) and only the
   * quarters are converted to the zone's days and hours.
   */
  quarter(column: SQL): SQL;
  /** `column at time zone <zone>`: the wall-clock time of a timestamptz in the zone. */
  local(column: SQL): SQL;
}

export function activityRange(input: ActivityScopeInput): ActivityRange {
  const v = activityScopeInput.parse(input);
  const days: string[] = [];
  for (let ms = dayToUtcMs(v.from); ms <= dayToUtcMs(v.to); ms += 86_400_000) days.push(new Date(ms).toISOString().slice(0, 10));
  const tz = v.timeZone;
  // `timestamp AT TIME ZONE zone` reads a wall-clock time in the zone and gives the instant;
  // `timestamptz AT TIME ZONE zone` gives the wall-clock time there (Postgres's tz database, both ways).
  return {
    courseId: v.courseId ?? null,
    from: v.from,
    to: v.to,
    timeZone: tz,
    days,
    start: sql`(${v.from}::date::timestamp at time zone ${tz}::text)`,
    end: sql`((${v.to}::date + 1)::timestamp at time zone ${tz}::text)`,
    quarter: (column) => sql`date_bin('15 minutes', ${column}, timestamptz '2000-01-01 00:00:00+00')`,
    local: (column) => sql`(${column} at time zone ${tz}::text)`,
  };
}
