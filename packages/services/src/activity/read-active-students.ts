import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";
import type { ActivityRange } from "./range.ts";

export interface ActiveStudents {
  /** Distinct active students per local day (only days with some). */
  byDay: { day: string; students: number }[];
  /** Distinct students active on at least one day of the range (not the sum of the days). */
  total: number;
}

/**
 * Students who ran code or edited their code on a day: distinct people per day, counted in the
 * courses where they are enrolled as students. A TA's or instructor's own runs and edits do not
 * count. Enrollments are read as they are now: a student who has left a course no longer counts there.
 * Each person's events are first reduced to the quarter hours they were active in (a burst of edits
 * is one row), and only those quarters are placed on the zone's days.
 */
export async function readActiveStudents(db: DbOrTx, range: ActivityRange): Promise<ActiveStudents> {
  const runsInCourse = range.courseId ? sql`and r.course_id = ${range.courseId}` : sql``;
  const editsInCourse = range.courseId
    ? sql`and u.workspace_id in (select w.id from workspaces w where w.course_id = ${range.courseId})`
    : sql``;
  const rows = await db.execute<{ day: string | null; n: number }>(sql`
    with quarters as (
      select ${range.quarter(sql`r.created_at`)} as quarter, r.user_id, r.course_id
      from runs r
      where r.created_at >= ${range.start} and r.created_at < ${range.end} ${runsInCourse}
      group by 1, 2, 3
      union
      select e.quarter, e.author_id, w.course_id
      from (
        select ${range.quarter(sql`u.at`)} as quarter, u.author_id, u.workspace_id
        from workspace_updates u
        where u.at >= ${range.start} and u.at < ${range.end} and u.source <> 'template' and u.author_id is not null ${editsInCourse}
        group by 1, 2, 3
      ) e
      join workspaces w on w.id = e.workspace_id
    ),
    days as (
      select distinct (${range.local(sql`q.quarter`)})::date as day, q.user_id
      from quarters q
      join enrollments en on en.course_id = q.course_id and en.user_id = q.user_id and en.role = 'student'
    )
    select to_char(day, 'YYYY-MM-DD') as day, count(*)::int as n from days group by 1
    union all
    select null, count(distinct user_id)::int from days`);
  const byDay: ActiveStudents["byDay"] = [];
  let total = 0;
  for (const r of rows) {
    if (r.day === null) total = r.n;
    else byDay.push({ day: r.day, students: r.n });
  }
  return { byDay, total };
}
