import type { DbOrTx } from "@codeclass/db";
import { sql } from "drizzle-orm";

/** One student's figures in one session, as the aggregate query reads them. */
export interface ParticipationRow {
  userId: string;
  name: string;
  email: string;
  intervals: { joinedAt: Date; leftAt: Date | null }[];
  chatMessages: number;
  hands: number;
  reactions: number;
  pollAnswers: number;
  runs: number;
  talkMs: number;
  lastActivityAt: Date | null;
}

/**
 * Every enrolled student of the session's course with their attendance intervals and what they did
 * in the session (chat, hands, reactions, poll answers, runs in the course while the session ran,
 * talk time), in one query: it is what the dashboard re-reads every second.
 */
export async function readParticipation(
  db: DbOrTx,
  sessionId: string,
  courseId: string,
  from: Date,
  to: Date,
): Promise<ParticipationRow[]> {
  const rows = await db.execute<{
    user_id: string;
    name: string;
    email: string;
    intervals: { joinedAt: string; leftAt: string | null }[] | null;
    chat: number;
    hands: number;
    reactions: number;
    answers: number;
    runs: number;
    talk_ms: number;
    last_at: string | null;
  }>(sql`
    with students as (
      select e.user_id, u.name, u.email from enrollments e join "user" u on u.id = e.user_id
      where e.course_id = ${courseId} and e.role = 'student' and u.email_verified
    ),
    att as (
      select user_id, json_agg(json_build_object('joinedAt', joined_at, 'leftAt', left_at) order by joined_at) as intervals,
             max(greatest(joined_at, coalesce(left_at, joined_at))) as last_at
      from session_attendance where session_id = ${sessionId} group by user_id
    ),
    chat as (
      select author_id as user_id, count(*) filter (where deleted_at is null)::int as n, max(created_at) as last_at
      from session_messages where session_id = ${sessionId} group by author_id
    ),
    hands as (
      select user_id, count(*)::int as n, max(raised_at) as last_at from session_hands where session_id = ${sessionId} group by user_id
    ),
    reactions as (select user_id, count as n from session_reaction_counts where session_id = ${sessionId}),
    answers as (
      select a.user_id, count(*)::int as n, max(a.answered_at) as last_at
      from (
        select pa.user_id, pa.answered_at from session_poll_answers pa join session_polls p on p.id = pa.poll_id where p.session_id = ${sessionId}
        union all
        select ca.user_id, ca.answered_at from session_poll_code_answers ca join session_polls p on p.id = ca.poll_id where p.session_id = ${sessionId}
      ) a group by a.user_id
    ),
    runs_in as (
      select r.user_id, count(*)::int as n, max(r.created_at) as last_at from runs r
      where r.course_id = ${courseId} and r.created_at >= ${from.toISOString()}::timestamptz and r.created_at <= ${to.toISOString()}::timestamptz
        and not exists (select 1 from session_poll_code_runs c where c.run_id = r.id)
        and r.user_id in (select user_id from students)
      group by r.user_id
    ),
    talk as (select user_id, ms, last_spoke_at as last_at from session_talk_time where session_id = ${sessionId})
    select s.user_id, s.name, s.email, att.intervals,
      coalesce(chat.n, 0) as chat, coalesce(hands.n, 0) as hands, coalesce(reactions.n, 0) as reactions,
      coalesce(answers.n, 0) as answers, coalesce(runs_in.n, 0) as runs, coalesce(talk.ms, 0) as talk_ms,
      greatest(att.last_at, chat.last_at, hands.last_at, answers.last_at, runs_in.last_at, talk.last_at) as last_at
    from students s
    left join att on att.user_id = s.user_id
    left join chat on chat.user_id = s.user_id
    left join hands on hands.user_id = s.user_id
    left join reactions on reactions.user_id = s.user_id
    left join answers on answers.user_id = s.user_id
    left join runs_in on runs_in.user_id = s.user_id
    left join talk on talk.user_id = s.user_id
    order by s.name, s.user_id
  `);
  return [...rows].map((r) => ({
    userId: r.user_id,
    name: r.name,
    email: r.email,
    intervals: (r.intervals ?? []).map((i) => ({ joinedAt: new Date(i.joinedAt), leftAt: i.leftAt ? new Date(i.leftAt) : null })),
    chatMessages: Number(r.chat),
    hands: Number(r.hands),
    reactions: Number(r.reactions),
    pollAnswers: Number(r.answers),
    runs: Number(r.runs),
    talkMs: Number(r.talk_ms),
    lastActivityAt: r.last_at ? new Date(r.last_at) : null,
  }));
}

/** Of the students, those with no attendance in the course's two sessions before this one (both must have ended). */
export async function absentTwiceBefore(db: DbOrTx, courseId: string, sessionId: string, startsAt: Date): Promise<Set<string>> {
  const rows = await db.execute<{ user_id: string }>(sql`
    with prev as (
      select id from course_sessions
      where course_id = ${courseId} and id <> ${sessionId} and status = 'ended' and starts_at < ${startsAt.toISOString()}::timestamptz
      order by starts_at desc limit 2
    )
    select e.user_id from enrollments e
    where e.course_id = ${courseId} and e.role = 'student' and (select count(*) from prev) = 2
      and not exists (select 1 from session_attendance a where a.session_id in (select id from prev) and a.user_id = e.user_id)
  `);
  return new Set([...rows].map((r) => r.user_id));
}
