/**
 * pnpm bench:judge0: `POST /judge0/submissions?wait=true` with a Python hello world (through HTTP,
 * the API key's check and rate limit, the queue, the worker, the sandbox, back) beside our own
 * `run.start` followed to its "end" event (in-process tRPC caller), both on the same platform,
 * alternating, each measured BENCH_N times (default 20) after one warm-up. Prints p50 and p95.
 *
 *   BENCH_N=20 SANDBOX_DRIVER=bwrap pnpm bench:judge0
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { actorFromUser, createCaller, createRunEventsHub, type RunStreamEvent } from "@codeclass/api";
import { courses, user } from "@codeclass/db";
import { apiKey } from "@codeclass/services";
import { loadEnv } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { startPlatform } from "../src/platform.ts";
import { benchDatabaseEnv } from "./server-process.ts";

const N = Number(process.env.BENCH_N ?? 20);
const driver = (process.env.SANDBOX_DRIVER ?? "bwrap") as "bwrap" | "docker";
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-judge0-"));
fs.chmodSync(dataDir, 0o755);
const env = loadEnv({
  NODE_ENV: "test",
  PORT: "0",
  ...benchDatabaseEnv(dataDir),
  BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-01",
  LOG_LEVEL: "silent",
  SEED_DEMO: "false",
  SANDBOX_DRIVER: driver,
});
const platform = await startPlatform({ env, log: createLogger("silent", false), web: "none" });
try {
  const id = randomUUID();
  const [admin] = await platform.db
    .insert(user)
    .values({ id, name: "Bench", email: `bench-${id}@bench.local`, role: "admin", emailVerified: true })
    .returning();
  const [course] = await platform.db
    .insert(courses)
    .values({ code: `J0-${id.slice(0, 8)}`, title: "Judge0 bench" })
    .returning();
  const actor = actorFromUser(admin!);
  const { key } = await apiKey.create(platform.db, actor, { name: "bench", courseId: course!.id, requestsPerMinute: 6000 });
  const runEvents = createRunEventsHub(platform.db);
  const caller = createCaller({
    db: platform.db,
    auth: platform.auth,
    socialProviders: [],
    version: "bench",
    publicUrl: platform.url,
    requestId: "bench",
    actor,
    runEvents,
    sandboxStatus: async () => ({ available: true, reason: null }),
  });

  async function judge0Once() {
    const t = performance.now();
    const res = await fetch(`${platform.url}/judge0/submissions?wait=true`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-auth-token": key },
      body: JSON.stringify({ source_code: 'print("hello, world")', language_id: 71 }),
    });
    const body = (await res.json()) as { status?: { id: number }; stdout?: string };
    if (res.status !== 201 || body.status?.id !== 3) throw new Error(`judge0: ${res.status} ${JSON.stringify(body)}`);
    return performance.now() - t;
  }

  async function runStartOnce() {
    const t = performance.now();
    const { runId } = await caller.run.start({
      courseId: course!.id,
      language: "python",
      files: [{ path: "main.py", content: 'print("hello, world")\n' }],
    });
    type Item = [string, RunStreamEvent] | { id?: undefined; data: RunStreamEvent };
    for await (const item of (await caller.run.events({ runId })) as AsyncIterable<Item>) {
      const event = Array.isArray(item) ? item[1] : item.data;
      if (event.type === "end") {
        if (event.result.verdict !== "OK") throw new Error(`run.start: ${event.result.message}`);
        break;
      }
    }
    return performance.now() - t;
  }

  await judge0Once();
  await runStartOnce();
  const judge0: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < N; i++) {
    judge0.push(await judge0Once());
    ours.push(await runStartOnce());
  }
  await runEvents.close();
  const line = (name: string, xs: number[]) =>
    `| ${name.padEnd(44)} | ${pct(xs, 50).toFixed(0).padStart(6)} ms | ${pct(xs, 95).toFixed(0).padStart(6)} ms |`;
  console.log(
    `Python hello world, ${N} each, alternating, driver ${driver}; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  console.log(`| ${"path".padEnd(44)} | ${"p50".padStart(9)} | ${"p95".padStart(9)} |`);
  console.log(line("POST /judge0/submissions?wait=true (HTTP)", judge0));
  console.log(line("run.start + run.events to end (in process)", ours));
  console.log(`\nratio of p50s (Judge0 API / run.start): ${(pct(judge0, 50) / pct(ours, 50)).toFixed(2)}`);
} finally {
  await platform.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
