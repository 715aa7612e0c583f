/**
 * pnpm bench:dashboard: the participation dashboard's aggregate (issue 13 §12), the query
 * `dashboard.follow` re-reads every second per staff viewer. A fresh embedded Postgres with every
 * migration; one course of BENCH_STUDENTS students (200) in a live session started an hour ago,
 * two earlier sessions, and per student attendance, chat, hands, poll answers, talk time and
 * runs, beside BENCH_OTHER_RUNS runs of other courses. Prints the read's latency p50 / p99 and
 * what one viewer's 1 s tick costs in database time.
 *
 *   BENCH_STUDENTS=200 BENCH_READS=100 pnpm bench:dashboard
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, runMigrations } from "@codeclass/db";
import { startEmbeddedPostgres } from "@codeclass/db/embedded";
import { dashboard } from "@codeclass/services";
import { freePort } from "@codeclass/test-utils";
import { sql } from "drizzle-orm";

const students = Number(process.env.BENCH_STUDENTS ?? 200);
const reads = Number(process.env.BENCH_READS ?? 100);
const otherRuns = Number(process.env.BENCH_OTHER_RUNS ?? 100_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-dashboard-"));
fs.chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort() });
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

try {
  await runMigrations(pg.url);
  const { db, close } = createDb(pg.url, { max: 4 });
  const seeded = performance.now();
  await db.execute(
    sql`insert into "user" (id, name, email, email_verified, role) values ('t', 'Teacher', 't@bench.test', true, 'instructor')`,
  );
  await db.execute(sql`insert into "user" (id, name, email, email_verified, role)
    select 's' || i, 'Student ' || i, 's' || i || '@bench.test', true, 'student' from generate_series(1, ${students}) i`);
  await db.execute(sql`insert into courses (id, code, title, created_by) values
    ('00000000-0000-4000-8000-000000000001', 'B1', 'Bench', 't'), ('00000000-0000-4000-8000-000000000002', 'B2', 'Other', 't')`);
  await db.execute(
    sql`insert into enrollments (course_id, user_id, role) values ('00000000-0000-4000-8000-000000000001', 't', 'instructor')`,
  );
  await db.execute(sql`insert into enrollments (course_id, user_id, role)
    select '00000000-0000-4000-8000-000000000001', 's' || i, 'student' from generate_series(1, ${students}) i`);
  const course = "00000000-0000-4000-8000-000000000001";
  const live = "00000000-0000-4000-8000-0000000000a0";
  await db.execute(sql`insert into course_sessions (id, course_id, title, starts_at, ends_at, status, started_at, ended_at) values
    ('00000000-0000-4000-8000-0000000000a1', ${course}, 'Week 1', now() - interval '14 days', now() - interval '14 days' + interval '1 hour', 'ended', now() - interval '14 days', now() - interval '14 days' + interval '1 hour'),
    ('00000000-0000-4000-8000-0000000000a2', ${course}, 'Week 2', now() - interval '7 days', now() - interval '7 days' + interval '1 hour', 'ended', now() - interval '7 days', now() - interval '7 days' + interval '1 hour'),
    (${live}, ${course}, 'Week 3', now() - interval '1 hour', now(), 'live', now() - interval '1 hour', null)`);
  await db.execute(sql`insert into session_attendance (session_id, user_id, identity, joined_at, left_at)
    select s.id, 's' || i, 's' || i || '#a', s.started_at + (i % 10) * interval '1 minute', case when i % 7 = 0 then s.started_at + interval '40 minutes' end
    from course_sessions s, generate_series(1, ${students}) i where s.course_id = ${course} and i % 5 <> 0`);
  await db.execute(sql`insert into session_messages (session_id, author_id, body, created_at)
    select ${live}, 's' || (1 + i % ${students}), 'message ' || i, now() - (i % 60) * interval '1 minute' from generate_series(1, ${students * 10}) i`);
  await db.execute(sql`insert into session_hands (session_id, user_id, raised_at, lowered_at)
    select ${live}, 's' || (1 + i % ${students}), now() - i * interval '1 second', now() from generate_series(1, ${students * 2}) i`);
  await db.execute(sql`insert into session_polls (id, session_id, kind, question, options, seq, state_seq)
    select ('00000000-0000-4000-8000-0000000001' || lpad(i::text, 2, '0'))::uuid, ${live}, 'single', 'Q' || i, '["a","b"]'::jsonb, i, i from generate_series(1, 5) i`);
  await db.execute(sql`insert into session_poll_answers (poll_id, user_id, answer)
    select p.id, 's' || i, '{"options":[0]}'::jsonb from session_polls p, generate_series(1, ${students}) i where i % 3 <> 0`);
  await db.execute(sql`insert into session_talk_time (session_id, user_id, ms, last_spoke_at)
    select ${live}, 's' || i, i * 1000, now() from generate_series(1, ${students}) i where i % 4 = 0`);
  await db.execute(sql`insert into runs (user_id, course_id, language, files, files_hash, status, created_at)
    select 's' || (1 + i % ${students}), ${course}, 'python', '[]'::jsonb, 'x', 'finished', now() - (i % 600) * interval '1 minute'
    from generate_series(1, ${students * 20}) i`);
  await db.execute(sql`insert into runs (user_id, course_id, language, files, files_hash, status, created_at)
    select 's' || (1 + i % ${students}), '00000000-0000-4000-8000-000000000002', 'python', '[]'::jsonb, 'x', 'finished', now() - (i % 6000) * interval '1 minute'
    from generate_series(1, ${otherRuns}) i`);
  await db.execute(sql`analyze`);
  console.log(`seeded ${students} students, ${students * 20 + otherRuns} runs in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const actor = { id: "t", role: "instructor" as const };
  for (let i = 0; i < 5; i++) await dashboard.participation(db, actor, { sessionId: live }); // warm-up
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < reads; i++) {
    const t0 = performance.now();
    const view = await dashboard.participation(db, actor, { sessionId: live });
    ms.push(performance.now() - t0);
    rows = view.students.length;
  }
  const p50 = quantile(ms, 0.5);
  const p99 = quantile(ms, 0.99);
  console.log(`dashboard read (${rows} students, ${reads} reads): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
  console.log(
    `one staff viewer's 1 s tick: ${((p50 / 1000) * 100).toFixed(1)} % of one core of database time (p50); updates reach staff within 1 s + ${p99.toFixed(0)} ms (p99)`,
  );
  console.log(
    `load: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  await close();
} finally {
  await pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
