import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { actorFromUser, createCaller, type RunStreamEvent } from "@codeclass/api";
import { courses, enrollments, user } from "@codeclass/db";
import { loadEnv } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { startPlatform } from "../src/platform.ts";

const driver = process.env.D ?? "bwrap";
const N = Number(process.env.BENCH_N ?? 20);
let t0 = 0;
const marks: Record<string, number[]> = {};
const mark = (k: string) => (marks[k] ??= []).push(performance.now() - t0);
(globalThis as any).__lat = mark;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-pg-"));
fs.chmodSync(dataDir, 0o755);
const env = loadEnv({
  NODE_ENV: "test",
  PORT: "0",
  EMBEDDED_PG_DIR: path.join(dataDir, "pg"),
  EMBEDDED_PG_PORT: String(20000 + Math.floor(Math.random() * 20000)),
  BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-01",
  LOG_LEVEL: "silent",
  SEED_DEMO: "false",
  SANDBOX_DRIVER: driver,
});
const platform = await startPlatform({ env, log: createLogger("silent", false), web: "none" });
const id = randomUUID();
const [u] = await platform.db
  .insert(user)
  .values({ id, name: "Bench", email: `bench-${id}@bench.local`, role: "student" })
  .returning();
const [c] = await platform.db
  .insert(courses)
  .values({ code: `BENCH-${id.slice(0, 8)}`, title: "Bench" })
  .returning();
await platform.db.insert(enrollments).values({ courseId: c!.id, userId: u!.id, role: "student" });
const { createRunEventsHub } = await import("@codeclass/api");
const runEvents = createRunEventsHub(platform.db.$client);
const caller = createCaller({
  db: platform.db,
  auth: platform.auth,
  socialProviders: [],
  version: "bench",
  requestId: "bench",
  actor: actorFromUser(u!),
  runEvents,
  sandboxStatus: async () => ({ available: true, reason: null }),
});
for (let i = 0; i < N + 1; i++) {
  if (i === 1) for (const k of Object.keys(marks)) delete marks[k];
  t0 = performance.now();
  const { runId } = await caller.run.start({
    courseId: c!.id,
    language: "python",
    files: [{ path: "main.py", content: "print('hello')\n" }],
  });
  mark("startReturned");
  const sub = (await caller.run.events({ runId })) as AsyncIterable<[string, RunStreamEvent]>;
  mark("subscribed");
  for await (const item of sub) {
    mark(`ev:${item[1].type}`);
    if (item[1].type === "end") break;
  }
  mark("total");
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [k, v] of Object.entries(marks).sort((a, b) => med(a[1]) - med(b[1]))) console.log(k.padEnd(16), med(v).toFixed(1));
await runEvents.close();
await platform.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
