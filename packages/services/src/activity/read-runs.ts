import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";
import type { ActivityRange } from "./range.ts";

/** The verdict key of a run that has not finished yet (queued or running). */
export const pendingVerdict = "PENDING";

export interface RunCounts {
  /** Runs per local day, language and verdict (only combinations that occurred). */
  byDay: { day: string; language: string; verdict: string; runs: number }[];
  /** Runs per local weekday (ISO: 1 Monday … 7 Sunday) and hour (only cells that occurred). */
  byHour: { weekday: number; hour: number; runs: number }[];
}

/**
 * The range's runs counted per quarter hour, language and verdict, then per local day, language
 * and verdict and per local weekday and hour (GROUPING SETS: one pass over the quarters). Reads a
 * course's runs through runs_course_idx (course_id, created_at).
 */
export async function readRuns(db: DbOrTx, range: ActivityRange): Promise<RunCounts> {
  const inCourse = range.courseId ? sql`and r.course_id = ${range.courseId}` : sql``;
  const rows = await db.execute<{
    day: string | null;
    language: string;
    verdict: string;
    weekday: number | null;
    hour: number | null;
    n: number;
  }>(sql`
    select to_char(l.local, 'YYYY-MM-DD') as day, q.language, q.verdict,
           extract(isodow from l.local)::int as weekday, extract(hour from l.local)::int as hour, sum(q.n)::int as n
    from (
      select ${range.quarter(sql`r.created_at`)} as quarter, r.language, coalesce(r.verdict, ${pendingVerdict}) as verdict, count(*) as n
      from runs r
      where r.created_at >= ${range.start} and r.created_at < ${range.end} ${inCourse}
      group by 1, 2, 3
    ) q
    cross join lateral (select ${range.local(sql`q.quarter`)} as local) l
    group by grouping sets ((1, 2, 3), (4, 5))`);
  const result: RunCounts = { byDay: [], byHour: [] };
  for (const r of rows) {
    if (r.day !== null) result.byDay.push({ day: r.day, language: r.language, verdict: r.verdict, runs: r.n });
    else result.byHour.push({ weekday: r.weekday!, hour: r.hour!, runs: r.n });
  }
  return result;
}
