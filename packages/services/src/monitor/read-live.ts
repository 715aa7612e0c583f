import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/** Live sessions now, and the people in them (from LiveKit's webhook: open attendance intervals). */
export interface LiveFigures {
  sessions: number;
  /** Distinct people connected to a live session (two tabs of one person count once). */
  participants: number;
}

export async function readLive(db: DbOrTx): Promise<LiveFigures> {
  const [row] = await db.execute<{ sessions: string; participants: string }>(sql`
    select
      (select count(*) from course_sessions where status = 'live') as sessions,
      (select count(distinct (a.session_id, a.user_id)) from session_attendance a
         join course_sessions s on s.id = a.session_id
        where a.left_at is null and s.status = 'live') as participants`);
  return { sessions: Number(row?.sessions ?? 0), participants: Number(row?.participants ?? 0) };
}
