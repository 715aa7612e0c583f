/**
 * pnpm bench:storm — a class pressing Run at once. The production server (NODE_ENV=production,
 * its in-process worker, SANDBOX_DRIVER=BENCH_DRIVER) runs in its own process on an embedded
 * Postgres; N students (separate accounts with bearer sessions) in child processes, each on its
 * own HTTP connection, call `run.start` of a Python hello at the same moment and follow
 * `run.events` (SSE) until "end". Reports the time until the last result, per-run p50/p95,
 * refusals and lost runs, CPU of the server, the sandboxes and Postgres, a /healthz probe's p99
 * during the storm, where the time went (phases), and beside it the same N runs through the
 * driver alone in the same process tree (the ceiling), as a ratio.
 *
 * BENCH_N (comma list, default 1,10,50), BENCH_DRIVER (bwrap|docker, default bwrap),
 * BENCH_CLIENTS (child processes, default 4), BENCH_REPS (storms of N=1, default 15),
 * WORKER_CONCURRENCY (passed to the server if set).
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { courses, createDb, enrollments, resolveDatabase, session, user } from "@codeclass/db";
import { type BoxProvider, settle, startRun } from "@codeclass/sandbox";
import { bwrapProvider } from "@codeclass/sandbox/bwrap";
import { dockerProvider } from "@codeclass/sandbox/docker";
import { signSessionToken } from "@codeclass/test-utils";
import { benchAuthSecret, benchDatabaseEnv, type ServerProcess, startServer } from "./server-process.ts";
import type { StormJob, StormRecord } from "./storm-client.ts";

const sizes = (process.env.BENCH_N ?? "1,10,50").split(",").map(Number);
const driver = (process.env.BENCH_DRIVER ?? "bwrap") as "bwrap" | "docker";
const clients = Math.max(1, Number(process.env.BENCH_CLIENTS ?? 4));
const singleReps = Math.max(1, Number(process.env.BENCH_REPS ?? 15));
const hello = { path: "main.py", content: "print('hello')\n" };

const pct = (xs: number[], p: number) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : "-");
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** CPU ms so far of process groups, from /proc: a tree under `root`, Postgres under `pgRoot`, and Docker's containers. */
function cpuOf(serverPid: number) {
  const procs = new Map<number, { ppid: number; own: number; reaped: number; postgres: boolean }>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(name), {
        ppid: Number(f[1]),
        own: (Number(f[11]) + Number(f[12])) * 10,
        reaped: (Number(f[13]) + Number(f[14])) * 10,
        // By name: the bench's client processes are under it too, and end (reaped by it) mid-measure.
        postgres: fs.readFileSync(`/proc/${name}/comm`, "utf8").trim() === "postgres",
      });
    } catch {}
  }
  const under = (pid: number, root: number) => {
    for (let p = procs.get(pid)?.ppid; p && p > 1; p = procs.get(p)?.ppid) if (p === root) return true;
    return false;
  };
  const server = procs.get(serverPid);
  let sandboxes = server?.reaped ?? 0;
  let postgres = 0;
  for (const [pid, p] of procs) {
    if (under(pid, serverPid)) sandboxes += p.own + p.reaped;
    else if (p.postgres && under(pid, process.pid)) postgres += p.own + p.reaped;
  }
  return { server: server?.own ?? 0, sandboxes: sandboxes + dockerCpuMs(), postgres };
}

/**
 * CPU ms of every Docker container so far, live or gone, from the cgroup Docker puts them under
 * (its usage counts a removed child's too): a run's container is gone before the storm is measured
 * again, so reading its processes missed it. 0 for the bwrap driver or where no such group is found.
 */
function dockerCpuMs(): number {
  if (driver !== "docker") return 0;
  for (const [file, parse] of [
    ["/sys/fs/cgroup/cpuacct/docker/cpuacct.usage", (t: string) => Number(t) / 1e6],
    ["/sys/fs/cgroup/cpu,cpuacct/docker/cpuacct.usage", (t: string) => Number(t) / 1e6],
    ["/sys/fs/cgroup/docker/cpu.stat", (t: string) => Number(/usage_usec (\d+)/.exec(t)?.[1]) / 1e3],
  ] as const) {
    try {
      const ms = parse(fs.readFileSync(file, "utf8"));
      if (Number.isFinite(ms)) return ms;
    } catch {}
  }
  return 0;
}

/** Verified accounts with a session each, written as sign-up and sign-in would (the bench measures runs, not password hashing). */
async function makeClass(databaseUrl: string, n: number) {
  const { db, close } = createDb(databaseUrl);
  const rows = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    name: `Student ${i + 1}`,
    email: `storm-${i + 1}-${randomUUID().slice(0, 8)}@bench.local`,
    emailVerified: true,
  }));
  const sessions = rows.map((u) => ({
    id: randomUUID(),
    userId: u.id,
    token: randomUUID().replaceAll("-", "") + randomUUID().replaceAll("-", ""),
    expiresAt: new Date(Date.now() + 3_600_000),
  }));
  await db.insert(user).values(rows);
  await db.insert(session).values(sessions);
  const [course] = await db
    .insert(courses)
    .values({ code: `STORM-${randomUUID().slice(0, 6)}`, title: "Storm class" })
    .returning();
  await db.insert(enrollments).values(rows.map((u) => ({ courseId: course!.id, userId: u.id, role: "student" as const })));
  await close();
  return { courseId: course!.id, tokens: sessions.map((s) => signSessionToken(s.token, benchAuthSecret)) };
}

/** Where each run's time went, from its own rows (Postgres's clock is this machine's). */
async function phases(databaseUrl: string, records: StormRecord[]) {
  const ids = records.map((r) => r.runId).filter((x): x is string => x !== null);
  if (!ids.length) return [];
  const { db, close } = createDb(databaseUrl);
  const rows = await db.$client<{ id: string; created: number; claimed: number; first: number | null; finished: number; wall: number }[]>`
    select r.id, extract(epoch from r.created_at) * 1000 as created, extract(epoch from r.started_at) * 1000 as claimed,
      (select extract(epoch from min(e.created_at)) * 1000 from run_events e where e.run_id = r.id and e.type = 'stdout') as first,
      extract(epoch from r.finished_at) * 1000 as finished, r.wall_ms as wall
    from runs r where r.id = any(${ids}::uuid[])`;
  await close();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return records
    .filter((r) => r.runId && r.end && byId.has(r.runId))
    .map((r) => {
      const row = byId.get(r.runId!)!;
      return {
        "run.start (HTTP)": r.started! - r.sent,
        "start → worker claim": row.claimed - row.created,
        "claim → output stored (sandbox + program)": (row.first ?? row.finished) - row.claimed,
        "program wall": row.wall,
        "output → end stored": row.finished - (row.first ?? row.finished),
        "end stored → client (SSE)": r.end! - row.finished,
        "stream open (HTTP)": r.streamOpen! - r.started!,
      };
    });
}

/** N students in `clients` child processes press Run at one moment; /healthz is probed meanwhile. */
async function storm(server: ServerProcess, cls: { courseId: string; tokens: string[] }, n: number) {
  const width = Math.min(clients, n);
  const goAt = Date.now() + 1500 + n * 5;
  const children: ChildProcess[] = [];
  const parts: Promise<StormRecord[]>[] = [];
  for (let k = 0; k < width; k++) {
    const tokens = cls.tokens.slice(0, n).filter((_, i) => i % width === k);
    const child = fork(path.join(import.meta.dirname, "storm-client.ts"), { execArgv: process.execArgv, stdio: "inherit" });
    children.push(child);
    parts.push(
      new Promise((resolve, reject) => {
        child.once("message", (m) => resolve(m as StormRecord[]));
        child.once("error", reject);
      }),
    );
    child.send({ url: server.url, courseId: cls.courseId, tokens, goAt, timeoutMs: 120_000 } satisfies StormJob);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, goAt - Date.now() - 200)));
  // Resets the server's event-loop histogram, without a forced collection: one now (the server's
  // whole heap, 200 ms before the storm) would be a pause of the bench's own in the storm's figures.
  await server.stats({ gc: false });
  const cpu0 = cpuOf(server.child.pid!);
  const probes: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
      probes.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const records = (await Promise.all(parts)).flat();
  probing = false;
  await probe;
  const cpu1 = cpuOf(server.child.pid!);
  const stats = await server.stats();
  const lastEnd = Math.max(...records.map((r) => r.end ?? 0));
  return {
    records,
    drainMs: lastEnd - goAt,
    perRun: records.filter((r) => r.end).map((r) => r.end! - r.sent),
    refused: records.filter((r) => r.refused).length,
    wrong: records.filter((r) => r.end && (r.verdict !== "OK" || r.stdout !== "hello\n")).length,
    lost: records.filter((r) => !r.refused && !r.end).length,
    errors: [...new Set(records.map((r) => r.error).filter(Boolean))].slice(0, 3),
    cpu: { server: cpu1.server - cpu0.server, sandboxes: cpu1.sandboxes - cpu0.sandboxes, postgres: cpu1.postgres - cpu0.postgres },
    healthzP99: pct(probes, 99),
    healthzMax: pct(probes, 100),
    loopP99: stats.loopP99Ms,
    loopMax: stats.loopMaxMs,
  };
}

/** The same N Python hellos through the driver alone, all at once: the ceiling (and how many did not print hello). */
async function ceiling(provider: BoxProvider, n: number) {
  const t = performance.now();
  const ok = await Promise.all(
    Array.from({ length: n }, async () => {
      const r = await (await startRun(provider, { language: "python", files: [hello] })).done;
      return r.verdict === "OK" && r.stdout === "hello\n";
    }),
  );
  return { ms: performance.now() - t, failed: ok.filter((x) => !x).length };
}

async function main() {
  console.log(`bench:storm — ${driver}, N = ${sizes.join(", ")}, ${clients} client processes; ${os.cpus().length} cores; load ${load()}\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-storm-"));
  fs.chmodSync(dataDir, 0o755);
  const database = await resolveDatabase({
    ...benchDatabaseEnv(dataDir),
  });
  let server: ServerProcess | undefined;
  const provider = driver === "docker" ? dockerProvider() : bwrapProvider();
  try {
    const reason = await provider.unavailableReason();
    if (reason) throw new Error(`${driver} is unavailable: ${reason}`);
    const env: Record<string, string> = { DATABASE_URL: database.url, BENCH_WORKER: "true", SANDBOX_DRIVER: driver };
    server = await startServer("full", env);
    const cls = await makeClass(database.url, Math.max(...sizes));
    await storm(server, cls, 1); // warms the sandbox, the pools and the server's code paths
    await ceiling(provider, 1);
    console.log(
      "| N | load (1 min) | last result | per run p50 / p95 | refused / lost / wrong | driver alone (ceiling) | ratio | server CPU | sandbox CPU | Postgres CPU | /healthz p99 / max | server loop p99 / max |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    const phaseRows: string[] = [];
    for (const n of sizes) {
      const reps = n === 1 ? singleReps : 1;
      const results: Awaited<ReturnType<typeof storm>>[] = [];
      for (let i = 0; i < reps; i++) results.push(await storm(server, cls, n));
      // Printed before the ceiling runs, which may take long (or fail) on a saturated machine.
      console.log(
        `   N=${n}: last result ${ms(
          pct(
            results.map((r) => r.drainMs),
            50,
          ),
        )}, refused ${results.reduce((a, r) => a + r.refused, 0)}, lost ${results.reduce((a, r) => a + r.lost, 0)}, wrong ${results.reduce((a, r) => a + r.wrong, 0)}; load ${load()}`,
      );
      const ceilings = [];
      let ceilingFailed = 0;
      for (let i = 0; i < reps; i++) {
        const c = await ceiling(provider, n);
        ceilings.push(c.ms);
        ceilingFailed += c.failed;
      }
      if (ceilingFailed)
        console.log(`   N=${n}: ${ceilingFailed} of the driver-alone runs did not print hello (time limit on a saturated machine)`);
      const drain = pct(
        results.map((r) => r.drainMs),
        50,
      );
      const alone = pct(ceilings, 50);
      const sum = (f: (r: (typeof results)[number]) => number) => results.reduce((a, r) => a + f(r), 0);
      const all = results.flatMap((r) => r.perRun);
      const f = (x: number) => x.toFixed(0);
      console.log(
        `| ${n}${reps > 1 ? ` (×${reps}, medians)` : ""} | ${os.loadavg()[0]!.toFixed(2)} | ${ms(drain)} | ${ms(pct(all, 50))} / ${ms(pct(all, 95))} | ${sum((r) => r.refused)} / ${sum((r) => r.lost)} / ${sum((r) => r.wrong)} | ${ms(alone)} | ${(drain / alone).toFixed(2)}× | ${f(sum((r) => r.cpu.server) / reps)} ms | ${f(sum((r) => r.cpu.sandboxes) / reps)} ms | ${f(sum((r) => r.cpu.postgres) / reps)} ms | ${ms(
          pct(
            results.map((r) => r.healthzP99),
            50,
          ),
        )} / ${ms(Math.max(...results.map((r) => r.healthzMax)))} | ${Math.max(...results.map((r) => r.loopP99)).toFixed(0)} / ${Math.max(...results.map((r) => r.loopMax)).toFixed(0)} ms |`,
      );
      for (const r of results) for (const e of r.errors) console.log(`   N=${n}: ${e}`);
      const ph = await phases(
        database.url,
        results.flatMap((r) => r.records),
      );
      if (ph.length) {
        const names = Object.keys(ph[0]!) as (keyof (typeof ph)[number])[];
        phaseRows.push(
          `| ${n} | ${names
            .map(
              (k) =>
                `${ms(
                  pct(
                    ph.map((p) => p[k]),
                    50,
                  ),
                )} / ${ms(
                  pct(
                    ph.map((p) => p[k]),
                    95,
                  ),
                )}`,
            )
            .join(" | ")} |`,
        );
        if (phaseRows.length === 1) phaseRows.unshift(`| N | ${names.join(" | ")} |`, `| --- |${names.map(() => " --- |").join("")}`);
      }
    }
    console.log("\nwhere the time went, p50 / p95 of each run's phases (from the run's rows and the client's clock):\n");
    for (const r of phaseRows) console.log(r);
    console.log(
      `\ntargets: N=1 p50 ≤ 80 ms; 50 drained within ${driver === "docker" ? 6 : 3} s, none refused; 200 without refusal or loss; /healthz p99 < 100 ms. load now ${load()}`,
    );
  } finally {
    await server?.stop();
    await settle(provider);
    await provider.close();
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
