/**
 * pnpm bench:admin: the admin's user list over 100,000 accounts (issue 12 §4), through
 * services.admin.listUsers as admin.users calls it: a fresh embedded Postgres with every
 * migration, 100,000 accounts (realistic names and emails, a tenth active recently, a few
 * hundred disabled), then each query shape repeated and its latency reported as p50 / p95 in
 * milliseconds (the page and its total, both).
 *
 *   BENCH_USERS=100000 BENCH_RUNS=40 pnpm bench:admin
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, runMigrations } from "@codeclass/db";
import { startEmbeddedPostgres } from "@codeclass/db/embedded";
import { admin } from "@codeclass/services";
import { freePort } from "@codeclass/test-utils";
import type { AdminUsersInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";

const users = Number(process.env.BENCH_USERS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 40);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-admin-"));
fs.chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort() });

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

try {
  await runMigrations(pg.url);
  const { db, close } = createDb(pg.url, { max: 4 });
  const seeded = performance.now();
  // One statement: names from a small first/last name list, unique emails, roles, activity.
  await db.execute(sql`
    insert into "user" (id, name, email, email_verified, role, banned, last_active_at, created_at)
    select gen_random_uuid()::text,
      (array['Ada','Grace','Alan','Barbara','Edsger','Frances','Donald','Margaret','Ken','Radia','지민','서연'])[1 + i % 12]
        || ' ' || (array['Lovelace','Hopper','Turing','Liskov','Dijkstra','Allen','Knuth','Hamilton','Thompson','Perlman','김','이'])[1 + (i / 12) % 12]
        || ' ' || i,
      'user' || i || '@' || (array['school.edu','mail.test','example.org'])[1 + i % 3],
      true,
      case when i % 500 = 0 then 'instructor' else 'student' end,
      i % 300 = 0,
      case when i % 10 = 0 then now() - (i % 30) * interval '1 day' else null end,
      now() - i * interval '1 minute'
    from generate_series(1, ${users}) i`);
  await db.execute(sql`insert into "user" (id, name, email, role) values ('bench-admin', 'Bench Admin', 'admin@bench.test', 'admin')`);
  await db.execute(sql`analyze "user"`);
  console.log(`seeded ${users.toLocaleString()} accounts in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const actor = { id: "bench-admin", role: "admin" as const };
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  const shapes: [string, (i: number) => AdminUsersInput][] = [
    ["first page, by name", () => ({})],
    ["search a name part (q='hopper')", () => ({ q: "hopper" })],
    ["search an email (q='user4242')", (i) => ({ q: `user${4242 + i}` })],
    ["search a rare full email", (i) => ({ q: `user${77_000 + i}@mail.test` })],
    ["search 2 letters (q='ad')", () => ({ q: "ad" })],
    ["instructors, by name", () => ({ role: "instructor" })],
    ["disabled", () => ({ disabled: true })],
    ["active in the last 7 days, newest first", () => ({ activeSince: weekAgo, sort: "lastActiveAt", order: "desc" })],
    ["page 1000 of 100 by created", () => ({ sort: "createdAt", page: 1000, pageSize: 100 })],
  ];
  console.log(`\n${"query".padEnd(44)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"total".padStart(8)}`);
  for (const [label, input] of shapes) {
    const ms: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      total = (await admin.listUsers(db, actor, input(i))).total;
      ms.push(performance.now() - started);
    }
    console.log(
      `${label.padEnd(44)} ${quantile(ms, 0.5).toFixed(1).padStart(8)} ${quantile(ms, 0.95).toFixed(1).padStart(8)} ${String(total).padStart(8)}`,
    );
  }
  await close();
} finally {
  await pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
