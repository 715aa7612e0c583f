/**
 * pnpm bench:sandbox — per driver and language: hello-world wall time (p50/p95) through the
 * driver alone and end to end through the queue (run.start → worker → events → "end"), each
 * beside the bare process on the host measured in the same run; runs per second at
 * concurrency 1, 2 and 4. Options: BENCH_N (repetitions, default 15), BENCH_DRIVERS (docker,bwrap).
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { actorFromUser, createCaller, type RunStreamEvent } from "@codeclass/api";
import { courses, enrollments, user } from "@codeclass/db";
import { type BoxProvider, type LanguageId, settle, startRun } from "@codeclass/sandbox";
import { bwrapProvider } from "@codeclass/sandbox/bwrap";
import { dockerProvider } from "@codeclass/sandbox/docker";
import { loadEnv } from "../src/env.ts";
import { createLogger } from "../src/logger.ts";
import { startPlatform } from "../src/platform.ts";
import { type CpuSplit, cpuSplit } from "./cpu.ts";
import { benchDatabaseEnv } from "./server-process.ts";

const N = Number(process.env.BENCH_N ?? 15);
const drivers = (process.env.BENCH_DRIVERS ?? "docker,bwrap").split(",") as ("docker" | "bwrap")[];

const hello: Record<LanguageId, { path: string; content: string }> = {
  python: { path: "main.py", content: "print('hello')\n" },
  c: { path: "main.c", content: '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' },
  cpp: { path: "main.cpp", content: '#include <iostream>\nint main() { std::cout << "hello\\n"; }\n' },
  java: { path: "Main.java", content: 'public class Main { public static void main(String[] a) { System.out.println("hello"); } }\n' },
  go: { path: "main.go", content: 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' },
  javascript: { path: "main.js", content: "console.log('hello')\n" },
  typescript: { path: "main.ts", content: "const greeting: string = 'hello';\nconsole.log(greeting);\n" },
};
const languages = (process.env.BENCH_LANGUAGES?.split(",") ?? Object.keys(hello)) as LanguageId[];
const reps = (language: LanguageId) => (language === "java" || language === "go" ? Math.max(3, Math.ceil(N / 3)) : N);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The bare process on the host: what the same hello world costs without any sandbox. */
function bareBaseline(): Partial<Record<LanguageId, number[]>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-"));
  const out: Partial<Record<LanguageId, number[]>> = {};
  const time = (cmd: string, args: string[]) => {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed`);
    return performance.now() - t;
  };
  for (const l of ["python", "c", "javascript"] as const) fs.writeFileSync(path.join(dir, hello[l].path), hello[l].content);
  // Debian's python3 (the sandbox's 3.11), not a version-manager shim that would inflate the baseline.
  const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  time(python, ["main.py"]);
  out.python = Array.from({ length: N }, () => time(python, ["main.py"]));
  // C as the sandbox does it: compile, then run.
  out.c = Array.from({ length: N }, () => time("sh", ["-c", "gcc -O2 -o main main.c && ./main"]));
  time(process.execPath, ["main.js"]);
  out.javascript = Array.from({ length: N }, () => time(process.execPath, ["main.js"]));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

async function driverOnly(provider: BoxProvider, language: LanguageId) {
  const walls: number[] = [];
  for (let i = 0; i < reps(language) + 1; i++) {
    const t = performance.now();
    const r = await (await startRun(provider, { language, files: [hello[language]] })).done;
    if (r.verdict !== "OK" || r.stdout !== "hello\n")
      throw new Error(`${provider.name} ${language}: ${r.verdict} ${r.message} ${r.compileOutput}`);
    if (i > 0) walls.push(performance.now() - t); // the first run warms caches and the pool
  }
  return walls;
}

async function throughput(provider: BoxProvider, concurrency: number, total = Math.max(8, N)) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await (await startRun(provider, { language: "python", files: [hello.python] })).done;
    }),
  );
  return total / ((performance.now() - t) / 1000);
}

async function endToEnd(driver: "docker" | "bwrap") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-pg-"));
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
    const [u] = await platform.db
      .insert(user)
      .values({ id, name: "Bench", email: `bench-${id}@bench.local`, role: "student", emailVerified: true })
      .returning();
    const [c] = await platform.db
      .insert(courses)
      .values({ code: `BENCH-${id.slice(0, 8)}`, title: "Bench" })
      .returning();
    await platform.db.insert(enrollments).values({ courseId: c!.id, userId: u!.id, role: "student" });
    const { createRunEventsHub } = await import("@codeclass/api");
    const runEvents = createRunEventsHub(platform.db);
    const caller = createCaller({
      db: platform.db,
      auth: platform.auth,
      socialProviders: [],
      version: "bench",
      publicUrl: platform.url,
      requestId: "bench",
      actor: actorFromUser(u!),
      runEvents,
      sandboxStatus: async () => ({ available: true, reason: null }),
    });
    const results: Record<string, { total: number[]; first: number[]; phases: number[][]; cpu: CpuSplit; loopDelayMs: number[] }> = {};
    for (const language of languages) {
      // The server's event-loop delay while its runs go on: what every other request waits extra.
      const loopDelay = monitorEventLoopDelay({ resolution: 1 });
      const total: number[] = [];
      const first: number[] = [];
      const phases: number[][] = [];
      let cpu0: CpuSplit | null = null;
      for (let i = 0; i < reps(language) + 1; i++) {
        if (i === 1) cpu0 = cpuSplit();
        if (i === 1) loopDelay.enable();
        const t = performance.now();
        const wall0 = Date.now();
        const { runId } = await caller.run.start({ courseId: c!.id, language, files: [hello[language]] });
        const started = performance.now() - t;
        let firstOut = 0;
        // In process, stored events are tRPC's tracked tuples [id, data]; queue places are { id: undefined, data }.
        type Item = [string, RunStreamEvent] | { id?: undefined; data: RunStreamEvent };
        for await (const item of (await caller.run.events({ runId })) as AsyncIterable<Item>) {
          const event = Array.isArray(item) ? item[1] : item.data;
          if (event.type === "stdout" && !firstOut) firstOut = performance.now() - t;
          if (event.type === "end") {
            if (event.result.verdict !== "OK") throw new Error(`e2e ${driver} ${language}: ${event.result.message}`);
            break;
          }
        }
        const end = performance.now() - t;
        if (i > 0) {
          total.push(end);
          first.push(firstOut);
          // Where the time went, from the run's own timestamps (same clock: Postgres runs here).
          const [row] = await platform.db.$client<{ claimed: number; finished: number; wall: number }[]>`
            select extract(epoch from started_at) * 1000 - ${wall0}::float8 as claimed,
                   extract(epoch from finished_at) * 1000 - ${wall0}::float8 as finished, wall_ms as wall
            from runs where id = ${runId}`;
          phases.push([started, row!.claimed - started, row!.finished - row!.claimed - row!.wall, row!.wall, end - row!.finished]);
        }
      }
      const cpu1 = cpuSplit();
      loopDelay.disable();
      const per = (k: keyof CpuSplit) => (cpu1[k] - cpu0![k]) / total.length;
      results[language] = {
        total,
        first,
        phases,
        cpu: { server: per("server"), sandboxes: per("sandboxes"), postgres: per("postgres") },
        loopDelayMs: [50, 99, 100].map((p) => (p === 100 ? loopDelay.max : loopDelay.percentile(p)) / 1e6),
      };
    }
    await runEvents.close();
    return results;
  } finally {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const bare = bareBaseline();
console.log(
  `\nsandbox benchmark · ${os.cpus().length} CPUs · N=${N} (Java and Go: ${reps("java")}) · first run of each series discarded\n`,
);
console.log(
  `bare process on the host: python3 p50 ${ms(pct(bare.python!, 50))}, gcc + run p50 ${ms(pct(bare.c!, 50))}, node p50 ${ms(pct(bare.javascript!, 50))}\n`,
);
for (const driver of drivers) {
  const provider = driver === "docker" ? dockerProvider() : bwrapProvider();
  const reason = await provider.unavailableReason();
  if (reason) {
    console.log(`${driver}: unavailable: ${reason}\n`);
    continue;
  }
  const only: Record<string, number[]> = {};
  for (const language of languages) only[language] = await driverOnly(provider, language);
  const rps = [];
  for (const c of [1, 2, 4]) rps.push(await throughput(provider, c));
  await settle(provider);
  await provider.close();
  const e2e = await endToEnd(driver);
  console.log(`== ${driver}`);
  console.log("language     driver p50   driver p95   e2e p50      e2e p95      first output p50   ratio e2e/bare");
  for (const language of languages) {
    const b = bare[language];
    const ratio = b ? `${(pct(e2e[language]!.total, 50) / pct(b, 50)).toFixed(1)}x` : "-";
    console.log(
      `${language.padEnd(12)} ${ms(pct(only[language]!, 50)).padEnd(12)} ${ms(pct(only[language]!, 95)).padEnd(12)} ${ms(pct(e2e[language]!.total, 50)).padEnd(12)} ${ms(pct(e2e[language]!.total, 95)).padEnd(12)} ${ms(pct(e2e[language]!.first, 50)).padEnd(18)} ${ratio}`,
    );
  }
  const names = ["run.start", "queue → claim", "sandbox setup and compile", "program", "end → client"];
  for (const language of languages) {
    const phases = e2e[language]!.phases;
    const column = (k: number) => phases.map((p) => p[k]!);
    const p50 = names.map((name, k) => `${name} ${ms(pct(column(k), 50))}`);
    console.log(`${language} e2e phases, p50 of each: ${p50.join(" · ")}`);
    const cpu = e2e[language]!.cpu;
    const [d50, d99, dmax] = e2e[language]!.loopDelayMs;
    console.log(
      `${language} e2e server event-loop delay: p50 ${d50!.toFixed(1)} ms · p99 ${d99!.toFixed(1)} ms · max ${dmax!.toFixed(1)} ms`,
    );
    console.log(
      `${language} e2e CPU per run: server ${ms(cpu.server)} · sandboxes and their launcher ${driver === "docker" ? "(in dockerd, not counted)" : ms(cpu.sandboxes)} · Postgres ${ms(cpu.postgres)}`,
    );
  }
  console.log(`python hello, driver only, runs/s at concurrency 1, 2, 4: ${rps.map((r) => r.toFixed(1)).join(", ")}\n`);
}
console.log("targets: end to end, Python hello p50 <= 150 ms on docker and <= 50 ms on bwrap; Java <= 1 s; first output before the end.");
process.exit(0);
