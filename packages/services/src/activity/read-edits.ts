import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";
import type { ActivityRange } from "./range.ts";

export interface EditCounts {
  /** Edits (logged client updates) and characters typed or pasted per local day (only days with edits). */
  byDay: { day: string; edits: number; insertedChars: number }[];
  /** Edits per local weekday (ISO: 1 Monday … 7 Sunday) and hour (only cells with edits). */
  byHour: { weekday: number; hour: number; edits: number }[];
}

/**
 * The range's edits: rows of the workspace update log written by a person ("edit", and "sync": work
 * a client brought when it reconnected), not the template a workspace started from. Counted per
 * quarter hour, then per local day and per local weekday and hour.
 */
export async function readEdits(db: DbOrTx, range: ActivityRange): Promise<EditCounts> {
  const inCourse = range.courseId
    ? sql`and u.workspace_id in (select w.id from workspaces w where w.course_id = ${range.courseId})`
    : sql``;
  const rows = await db.execute<{ day: string | null; weekday: number | null; hour: number | null; n: number; chars: number }>(sql`
    select to_char(l.local, 'YYYY-MM-DD') as day, extract(isodow from l.local)::int as weekday,
           extract(hour from l.local)::int as hour, sum(q.n)::int as n, sum(q.chars)::int as chars
    from (
      select ${range.quarter(sql`u.at`)} as quarter, count(*) as n, sum(u.inserted_chars) as chars
      from workspace_updates u
      where u.at >= ${range.start} and u.at < ${range.end} and u.source <> 'template' ${inCourse}
      group by 1
    ) q
    cross join lateral (select ${range.local(sql`q.quarter`)} as local) l
    group by grouping sets ((1), (2, 3))`);
  const result: EditCounts = { byDay: [], byHour: [] };
  for (const r of rows) {
    if (r.day !== null) result.byDay.push({ day: r.day, edits: r.n, insertedChars: r.chars });
    else result.byHour.push({ weekday: r.weekday!, hour: r.hour!, edits: r.n });
  }
  return result;
}
