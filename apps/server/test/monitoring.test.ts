import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Mail } from "@codeclass/mail";
import { eventually } from "@codeclass/test-utils";
import { startWorker, type Worker } from "@codeclass/worker";
import { afterAll, describe, expect, test } from "vitest";
import { createLogger } from "../src/logger.ts";
import { browser, signUpVerified, useServer } from "./helpers.ts";

/** A chat webhook on loopback that keeps every post it receives. */
async function startReceiver() {
  const posts: { contentType: string | undefined; body: { text: string } }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      posts.push({ contentType: req.headers["content-type"], body: JSON.parse(body) });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/alerts`, posts, close: () => new Promise((r) => server.close(r)) };
}

const receiver = await startReceiver();
afterAll(() => receiver.close());

// The server runs no worker of its own: the test starts and stops one, so "no worker" and a waiting
// queue happen for real. Every job waiting is too many; CPU, storage and latency cannot fire here
// (this machine is shared and busy), so the posts are only about the queue and the workers.
const intervalMs = 200;
const server = useServer({
  WORKER: "false",
  ALERTS: "true",
  ALERT_INTERVAL_MS: String(intervalMs),
  ALERT_WEBHOOK_URL: receiver.url,
  ALERT_QUEUE_DEPTH: "0",
  ALERT_OLDEST_JOB_SECONDS: "3600",
  ALERT_CPU_PERCENT: "100",
  ALERT_STORAGE_PERCENT: "100",
  ALERT_API_P95_SECONDS: "3600",
  ALERT_ERROR_RATE_PERCENT: "100",
  MONITOR_CACHE_MS: "300",
});
const base = () => server.url;
const sql = () => server.platform.db.$client;

/** The test's own worker process part: runs programs and delivers mail into the server's outbox. */
let worker: Worker | null = null;
async function startTestWorker() {
  worker = await startWorker({
    pgPool: server.platform.workerPool,
    db: server.platform.db,
    log: createLogger("silent", false),
    mailer: { send: async (m: Mail) => void server.outbox.push(m) },
    concurrency: 2,
  });
}
async function stopTestWorker() {
  await worker?.stop();
  worker = null;
}
afterAll(stopTestWorker);

/** Posts whose text matches, among those received after the first `from`. */
const postsAbout = (pattern: RegExp, from = 0) => receiver.posts.slice(from).filter((p) => pattern.test(p.body.text));

/** One sample's value from the Prometheus text, or undefined when the series is absent. */
async function scrape() {
  const res = await fetch(`${base()}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return {
    text,
    value(series: string) {
      const line = text.split("\n").find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    },
  };
}

let seq = 0;
const newEmail = (who: string) => `${who}-${Date.now().toString(36)}${seq++}@school.test`;
const password = "a-long-enough-password";

async function signedIn(role: "admin" | "instructor" | "student") {
  const b = browser(base);
  const email = newEmail(role);
  await signUpVerified(server, b, { name: role, email, password });
  await sql()`update "user" set role = ${role} where email = ${email}`;
  return { b, email };
}

describe("monitoring: figures, alerts and the overview", () => {
  test("alerts fire and clear once each (webhook and admins' mail); /metrics and monitor.overview show a run that just happened", async () => {
    // No worker at start: "no worker" fires at the first evaluation.
    const firstFire = await eventually(() => {
      const [post] = postsAbout(/FIRING: Workers alive is 0 workers \(alert when below 1 worker\)/);
      expect(post).toBeDefined();
      return post!;
    }, 10_000);
    expect(firstFire.contentType).toBe("application/json");
    expect(firstFire.body.text).toContain(`${base()}/admin/monitoring`);
    const before = await scrape();
    expect(before.value("codeclass_workers_alive")).toBe(0);
    expect(before.value('codeclass_alert_firing{alert="no_worker"}')).toBe(1);
    expect(before.value('codeclass_alert_threshold{alert="queue_depth"}')).toBe(0);
    expect(before.value('codeclass_alert_threshold{alert="oldest_job"}')).toBe(3600);
    expect(before.value("codeclass_db_up")).toBe(1);
    expect(before.value('codeclass_runs_total{language="python",verdict="OK"}')).toBeUndefined();

    // A worker connects: the alert clears, once.
    await startTestWorker();
    await eventually(() => expect(postsAbout(/CLEARED: Workers alive is 1 worker \(alert when below 1 worker\)/)).toHaveLength(1), 10_000);
    const admin = await signedIn("admin");
    const teacher = await signedIn("instructor");
    const student = await signedIn("student");
    const course = (await teacher.b.mutate("course.create", { code: `MON-${Date.now().toString(36)}`, title: "Monitoring" })).body.result!
      .data.json;
    expect((await teacher.b.mutate("enrollment.add", { courseId: course.id, email: student.email })).status).toBe(200);

    // The sign-ups' mails went through the queue (with a threshold of 0 that may have fired and
    // cleared it): the test goes on once the queue is calm.
    await eventually(async () => expect((await scrape()).value('codeclass_alert_firing{alert="queue_depth"}')).toBe(0), 15_000);

    // The worker goes away and a run waits: both alerts fire, and stay quiet while they keep firing.
    const posted = receiver.posts.length;
    await stopTestWorker();
    const started = await student.b.mutate("run.start", {
      courseId: course.id,
      language: "python",
      files: [{ path: "main.py", content: "print('watched')\n" }],
    });
    expect(started.status).toBe(200);
    const runId = started.body.result!.data.json.runId as string;
    await eventually(() => {
      expect(postsAbout(/FIRING: Queue depth is [1-9]\d* jobs? \(alert when above 0 jobs\)/, posted)).toHaveLength(1);
      expect(postsAbout(/FIRING: Workers alive is 0 workers \(alert when below 1 worker\)/, posted)).toHaveLength(1);
    }, 10_000);
    // The admins' mail about the lost worker waits in the queue too, so the queue may have fired
    // from a read older than the run: the figures are awaited, not assumed.
    await eventually(async () => {
      const waiting = await scrape();
      expect(waiting.value("codeclass_queue_depth")).toBeGreaterThanOrEqual(1);
      expect(waiting.value('codeclass_queue_jobs_waiting{task="run_code"}')).toBe(1);
      expect(waiting.value("codeclass_runs_queued")).toBe(1);
      expect(waiting.value('codeclass_alert_firing{alert="queue_depth"}')).toBe(1);
    }, 5000);
    // Ten more evaluations send nothing new.
    const afterFiring = receiver.posts.length;
    expect(afterFiring).toBeGreaterThan(posted);
    await new Promise((r) => setTimeout(r, intervalMs * 10));
    expect(receiver.posts.slice(afterFiring).map((p) => p.body.text)).toEqual([]);
    // The admins' mail waits in the mail queue like any other job.
    const mails =
      await sql()`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'send_email' and j.payload->>'to' = ${admin.email}`;
    const queued = mails.map((m) => m.payload as { subject: string; text: string });
    expect(queued.map((m) => m.subject).join("\n")).toMatch(/FIRING: Queue depth/);
    expect(queued.map((m) => m.text).join("\n")).toMatch(/FIRING: Queue depth is [1-9]\d* jobs? \(alert when above 0 jobs\)/);

    // A worker is back: the run is taken, both alerts clear (one post each), the mail is delivered.
    const beforeClear = receiver.posts.length;
    await startTestWorker();
    await eventually(async () => {
      const [run] = await sql()`select status, verdict from runs where id = ${runId}`;
      expect(run).toEqual({ status: "finished", verdict: "OK" });
    }, 60_000);
    await eventually(() => {
      expect(postsAbout(/CLEARED: Queue depth/, beforeClear)).toHaveLength(1);
      expect(postsAbout(/CLEARED: Workers alive/, beforeClear)).toHaveLength(1);
    }, 10_000);
    await eventually(() => {
      const subjects = server.outbox.filter((m) => m.to === admin.email).map((m) => m.subject);
      expect(subjects.some((s) => /FIRING: Queue depth/.test(s))).toBe(true);
      expect(subjects.some((s) => /CLEARED: Queue depth/.test(s))).toBe(true);
    }, 15_000);

    // The run is counted by language and verdict, with its latencies.
    const after = await eventually(async () => {
      const s = await scrape();
      expect(s.value('codeclass_runs_total{language="python",verdict="OK"}')).toBe(1);
      // A gauge shows the cached figures (up to MONITOR_CACHE_MS old) while the counter grows at
      // every read, the alert evaluator's included: the gauge may be one read behind.
      expect(s.value('codeclass_runs_last_minute{language="python",verdict="OK"}')).toBe(1);
      return s;
    }, 10_000);
    expect(after.value('codeclass_run_queue_wait_seconds_count{language="python"}')).toBe(1);
    expect(after.value('codeclass_run_total_seconds_count{language="python"}')).toBe(1);
    // It waited while no worker ran, so its queue wait is more than the ten quiet evaluations.
    expect(after.value('codeclass_run_queue_wait_seconds_sum{language="python"}')).toBeGreaterThan((intervalMs * 10) / 1000);
    expect(after.value("codeclass_workers_alive")).toBe(1);
    expect(after.value('codeclass_alert_firing{alert="queue_depth"}')).toBe(0);
    expect(after.value("codeclass_db_probe_seconds")).toBeGreaterThan(0);
    // The servers' own pools are told apart from graphile-worker's; this process's worker pool reports its size.
    expect(after.value('codeclass_db_connections{application="codeclass",state="idle"}')).toBeGreaterThanOrEqual(1);
    expect(after.value('codeclass_db_pool_connections{pool="worker",kind="max"}')).toBe(10);
    expect(after.text).toMatch(/^codeclass_collab_connections \d+$/m);
    expect(after.text).toMatch(/^codeclass_process_resident_memory_bytes \d+/m);
    expect(after.text).toMatch(/^codeclass_nodejs_eventloop_lag_p99_seconds /m);

    // The admins' page data: the run just made, every alert with its threshold, the history.
    const overview = await eventually(async () => {
      const res = await admin.b.query("monitor.overview");
      expect(res.status).toBe(200);
      const data = res.body.result!.data.json;
      expect(data.live.figures.workers.alive).toBe(1);
      return data;
    }, 5000);
    expect(overview.recentRuns[0]).toMatchObject({ id: runId, language: "python", verdict: "OK", status: "finished" });
    expect(overview.live.alerts.map((a: { id: string }) => a.id).sort()).toEqual(
      ["api_p95", "cpu", "database_down", "error_rate", "no_worker", "oldest_job", "queue_depth", "storage"].sort(),
    );
    expect(overview.live.alerts.find((a: { id: string }) => a.id === "queue_depth")).toMatchObject({ threshold: 0, firing: false });
    expect(overview.live.thresholds).toMatchObject({ queueDepth: 0, oldestJobSeconds: 3600, minWorkers: 1 });
    expect(overview.live.history.length).toBeGreaterThan(5);
    expect(overview.live.history.some((h: { values: { queueDepth: number } }) => h.values.queueDepth >= 1)).toBe(true);
    expect(overview.live.figures.runsLastMinute).toEqual([{ language: "python", verdict: "OK", count: 1 }]);
    expect(overview.live).toMatchObject({ sending: true, webhookConfigured: true });

    // Only admins.
    const refused = await teacher.b.query("monitor.overview");
    expect([refused.status, refused.body.error?.json.data.code]).toEqual([403, "FORBIDDEN"]);
    expect((await student.b.query("monitor.overview")).body.error?.json.data.code).toBe("FORBIDDEN");
    expect((await browser(base).query("monitor.overview")).body.error?.json.data.code).toBe("UNAUTHORIZED");
  }, 180_000);

  test("live sessions and their participants: two tabs of one student count once, someone who left does not", async () => {
    const teacher = await signedIn("instructor");
    const course = (await teacher.b.mutate("course.create", { code: `LIVE-${seq++}`, title: "Live figures" })).body.result!.data.json;
    const [live] = await sql()`
      insert into course_sessions (course_id, title, starts_at, ends_at, status, started_at)
      values (${course.id}, 'Now', now(), now() + interval '1 hour', 'live', now()) returning id`;
    await sql()`
      insert into course_sessions (course_id, title, starts_at, ends_at, status)
      values (${course.id}, 'Later', now() + interval '1 day', now() + interval '1 day 1 hour', 'scheduled')`;
    const [u1] = await sql()`select id from "user" where email = ${teacher.email}`;
    const other = await signedIn("student");
    const [u2] = await sql()`select id from "user" where email = ${other.email}`;
    await sql()`
      insert into session_attendance (session_id, user_id, identity, joined_at, left_at) values
        (${live!.id}, ${u1!.id}, ${`${u1!.id}#a`}, now(), null),
        (${live!.id}, ${u1!.id}, ${`${u1!.id}#b`}, now(), null),
        (${live!.id}, ${u2!.id}, ${`${u2!.id}#a`}, now() - interval '5 minutes', now())`;
    await eventually(async () => {
      const s = await scrape();
      expect(s.value("codeclass_live_sessions")).toBe(1);
      expect(s.value("codeclass_live_participants")).toBe(1);
    }, 5000);
  });

  test("a burst of scrapes shares the cached database read", async () => {
    const pages = await Promise.all(Array.from({ length: 20 }, () => scrape()));
    for (const page of pages) expect(page.value("codeclass_db_up")).toBe(1);
    // Each read probes the database once; twenty scrapes at once see at most two reads (one cache expiry).
    expect(new Set(pages.map((p) => p.value("codeclass_db_probe_seconds"))).size).toBeLessThanOrEqual(2);
  });
});
