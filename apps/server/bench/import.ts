/**
 * pnpm bench:import: a roster of 10,000 new accounts and 50,000 enrollments (each student in 5
 * of 10 courses), as an admin would import it: the preview (dry run), the commit, and the same
 * file again (idempotent: nothing written). The baseline, measured in the same run on a fresh
 * database, is the bare insert of the same accounts and enrollments (unnest, no checks, no
 * tokens, no mail jobs): the ratio is what reading, checking and all-or-nothing cost on top.
 * The job path, on a third fresh database: the same file uploaded (stored and checked), started,
 * and committed by the import_commit task's work (services/import/run-commit-job.ts) with its
 * progress written every 500 records through another connection; the NOTIFYs are counted.
 * Target (issue 12): commit under 10 s. Figures: seconds, rows per second, peak RSS.
 *
 *   BENCH_USERS=10000 BENCH_COURSES_PER_USER=5 pnpm bench:import
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, runMigrations } from "@codeclass/db";
import { startEmbeddedPostgres } from "@codeclass/db/embedded";
import { importing } from "@codeclass/services";
import { freePort } from "@codeclass/test-utils";
import { sql } from "drizzle-orm";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import postgres from "postgres";

const users = Number(process.env.BENCH_USERS ?? 10_000);
const perUser = Number(process.env.BENCH_COURSES_PER_USER ?? 5);
const courseCount = 10;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T; peakMb: number }> {
  peakRss = process.memoryUsage().rss;
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { ms, value, peakMb: peakRss / 1024 / 1024 };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-import-"));
fs.chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort() });
const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });

async function freshDatabase(name: string) {
  await admin.unsafe(`create database ${name}`);
  const url = new URL(pg.adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  await runWorkerMigrations({ connectionString: url.toString(), logger: undefined });
  const handle = createDb(url.toString(), { max: 4 });
  const codes = Array.from({ length: courseCount }, (_, i) => `BENCH-${i}`);
  await handle.db.execute(sql`insert into courses (code, title) select c, 'Bench ' || c from unnest(${sql.param(codes)}::text[]) c`);
  return { ...handle, codes };
}

try {
  const emails = Array.from({ length: users }, (_, i) => `student${i}@bench.test`);
  const names = emails.map((_, i) => `학생 ${i} Student`);

  // Baseline: the same rows inserted bare.
  const base = await freshDatabase("bench_baseline");
  const baseline = await timed(async () => {
    const ids = emails.map(() => randomUUID());
    await base.db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into "user" (id, email, name) select * from unnest(${sql.param(ids)}::text[], ${sql.param(emails)}::text[], ${sql.param(names)}::text[])`,
      );
      const ec: string[] = [];
      const eu: string[] = [];
      const [{ ids: courseIds }] = (await tx.execute(sql`select array_agg(id::text order by code) as ids from courses`)) as unknown as [
        { ids: string[] },
      ];
      ids.forEach((id, i) => {
        for (let k = 0; k < perUser; k++) {
          ec.push(courseIds[(i + k) % courseCount]!);
          eu.push(id);
        }
      });
      await tx.execute(
        sql`insert into enrollments (course_id, user_id) select c::uuid, u from unnest(${sql.param(ec)}::text[], ${sql.param(eu)}::text[]) as x(c, u)`,
      );
    });
  });
  await base.close();

  const target = await freshDatabase("bench_import");
  const lines = ["email,name,course,role"];
  emails.forEach((email, i) => {
    for (let k = 0; k < perUser; k++) lines.push(`${email},${names[i]},${target.codes[(i + k) % courseCount]},student`);
  });
  const csv = `${lines.join("\r\n")}\r\n`;
  const rows = lines.length - 1;

  const preview = await timed(() => importing.preview(target.db, null, { csv }));
  if (preview.value.problemCount) throw new Error(`the bench file has problems: ${JSON.stringify(preview.value.problems.slice(0, 3))}`);
  const commit = await timed(() => importing.commit(target.db, null, { csv }, { publicUrl: "http://localhost:3000" }));
  if (!commit.value.committed) throw new Error("the commit was refused");
  const again = await timed(() => importing.commit(target.db, null, { csv }, { publicUrl: "http://localhost:3000" }));
  const [{ n: enrolled }] = (await target.db.execute(sql`select count(*)::int as n from enrollments`)) as unknown as [{ n: number }];
  const [{ n: mails }] = (await target.db.execute(
    sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_email'`,
  )) as unknown as [{ n: number }];
  await target.close();

  // The job path: upload (store and check), start (queue), then the task's work itself.
  const jobDb = await freshDatabase("bench_job");
  const adminId = randomUUID();
  await jobDb.db.execute(sql`insert into "user" (id, email, name, role) values (${adminId}, 'admin@bench.test', 'Admin', 'admin')`);
  const actor = { id: adminId, role: "admin" as const };
  let notifications = 0;
  const listening = await jobDb.sql.listen(importing.importProgressChannel, () => void notifications++);
  const upload = await timed(() => importing.upload(jobDb.db, actor, { csv }));
  await importing.start(jobDb.db, actor, { importId: upload.value.importId }, { publicUrl: "http://localhost:3000" });
  const job = await timed(() => importing.runCommitJob(jobDb.db, upload.value.importId, { publicUrl: "http://localhost:3000" }));
  if (job.value !== "committed") throw new Error(`the job ended ${job.value}`);
  await new Promise((r) => setTimeout(r, 200));
  await listening.unlisten();
  await jobDb.close();

  const row = (name: string, r: { ms: number; peakMb: number }, ratio?: number) =>
    `${name.padEnd(34)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${Math.round(rows / (r.ms / 1000))
      .toString()
      .padStart(9)} rows/s ${r.peakMb.toFixed(0).padStart(6)} MB${ratio ? `   ×${ratio.toFixed(1)} baseline` : ""}`;
  console.log(
    `\nbulk import: ${users} new accounts, ${rows} roster rows (${perUser} courses each), CSV ${(csv.length / 1024 / 1024).toFixed(1)} MiB`,
  );
  console.log(`${"".padEnd(34)} ${"time".padStart(9)} ${"rows/s".padStart(16)} ${"peak RSS".padStart(9)}`);
  console.log(row("baseline: bare insert (no checks)", baseline));
  console.log(row("preview (dry run)", preview, preview.ms / baseline.ms));
  console.log(row("commit", commit, commit.ms / baseline.ms));
  console.log(row("commit again (nothing to write)", again, again.ms / baseline.ms));
  console.log(row("job: upload (store and check)", upload, upload.ms / baseline.ms));
  console.log(row("job: commit with progress", job, job.ms / baseline.ms));
  console.log(
    `written: ${enrolled} enrollments, ${mails} set-password mails queued; second commit: ${JSON.stringify(again.value.summary.enrollments)}`,
  );
  console.log(`job: ${notifications} progress notifications (every ${importing.progressBatch} records, and each status change)`);
  console.log(`target: commit under 10 s — ${commit.ms < 10_000 ? "met" : "NOT met"} (${(commit.ms / 1000).toFixed(2)} s)`);
} finally {
  clearInterval(sampler);
  await admin.end();
  await pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
