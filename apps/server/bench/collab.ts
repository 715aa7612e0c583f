/**
 * pnpm bench:collab — a class of students typing while one instructor panel watches them all.
 *
 * BENCH_STUDENTS clients (default 50), each on its own WebSocket like a browser, type
 * BENCH_RATE characters a second (default 5) into their workspace for BENCH_SECONDS (default
 * 20) after BENCH_WARMUP_SECONDS (default 5) of typing that is not measured, split over BENCH_CLASSES courses (default 1), the clients spread over BENCH_CLIENTS child
 * processes (default 4; each hosts whole courses). Each course's panel client opens every
 * student's document of its course over ONE multiplexed socket (signed in on its upgrade, as a
 * browser's cookie is) and records, per keystroke, the time from the student's insert to the
 * panel seeing it, and how long the panel took to sync.
 * Measured twice in the same run: against a bare Hocuspocus relay (no auth, no persistence)
 * and against the whole platform (better-auth, access rules, Postgres update log). Prints
 * p50/p99 latency, the ratio, server CPU and memory, and memory per open document.
 */

import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { courses, createDb, enrollments, resolveDatabase, session, user } from "@codeclass/db";
import { signSessionToken } from "@codeclass/test-utils";
import type { ChildMessage, ParentMessage } from "./collab-clients.ts";
import { benchAuthSecret, benchDatabaseEnv, cpuSeconds, machineBusySeconds, type ServerProcess, startServer } from "./server-process.ts";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/**
 * The class types this long before the measured window: the window sees a server that has been
 * serving keystrokes (its code compiled, its first collections done), as in a class that is
 * already working, not its very first keystrokes. Those are printed apart (0: none, all measured).
 */
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP_SECONDS ?? 5));
const RATE = Number(process.env.BENCH_RATE ?? 5);
const CLASSES = Math.max(1, Math.min(STUDENTS, Number(process.env.BENCH_CLASSES ?? 1)));
/** Child processes for the clients (each hosts whole courses: students and panel). */
const CLIENTS = Math.max(1, Number(process.env.BENCH_CLIENTS ?? 4));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

interface ClassSetup {
  wsUrl: string;
  classes: { students: { documentName: string; token: string | null }[]; panelToken: string | null }[];
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string) {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);
}

/** Each child process hosts whole courses: their students and their panel. */
function children(classes: ClassSetup["classes"]) {
  const width = Math.min(CLIENTS, classes.length);
  return Array.from({ length: width }, (_, k) => {
    const child = fork(path.join(import.meta.dirname, "collab-clients.ts"), { execArgv: process.execArgv, stdio: "inherit" });
    const next = () => new Promise<ChildMessage>((resolve) => child.once("message", (m) => resolve(m as ChildMessage)));
    return { child, classes: classes.filter((_, i) => i % width === k), next, send: (m: ParentMessage) => child.send(m) };
  });
}

async function measure(label: string, server: ServerProcess, setup: ClassSetup) {
  const pid = server.child.pid!;
  const idle = await server.stats();
  const kids = children(setup.classes);
  const step = async <T extends ChildMessage["step"]>(m: (k: (typeof kids)[number]) => ParentMessage, want: T) =>
    Promise.all(
      kids.map(async (k) => {
        const answer = k.next();
        k.send(m(k));
        const got = await withTimeout(answer, 240_000, `${label}: ${want}`);
        if (got.step !== want) throw new Error(`${label}: expected ${want}, got ${got.step}`);
        return got as Extract<ChildMessage, { step: T }>;
      }),
    );
  await step(
    (k) => ({ step: "connect", job: { wsUrl: setup.wsUrl, classes: k.classes, rate: RATE, seconds: SECONDS, warmup: WARMUP } }),
    "ready",
  );
  const panelSyncMs = (await step(() => ({ step: "panel" }), "panel")).flatMap((r) => r.syncMs);
  const open = await server.stats();
  const typing = step(() => ({ step: "type" }), "typed");
  await new Promise((r) => setTimeout(r, WARMUP * 1000));
  // The window's clock starts here, not when the busy server answers the stats below (it may take
  // a second), so it ends when the clients stop typing.
  const before = cpuSeconds(pid);
  const clientsBefore = kids.reduce((n, k) => n + cpuSeconds(k.child.pid!), 0);
  const machineBefore = machineBusySeconds();
  const t0 = performance.now();
  // Resets the event-loop histogram (no forced collection while they type): only the window counts.
  const windowAt = await server.stats({ gc: false });
  if (process.env.BENCH_DEBUG)
    console.log(
      `${label}: the window starts at ${windowAt.atUs} µs of the server's monotonic clock (its CPU profile's), ${windowAt.uptimeMs.toFixed(0)} ms after it started (--trace-gc's clock)`,
    );
  await new Promise((r) => setTimeout(r, Math.max(0, SECONDS * 1000 - (performance.now() - t0))));
  const window = (performance.now() - t0) / 1000;
  const after = cpuSeconds(pid);
  const clientsAfter = kids.reduce((n, k) => n + cpuSeconds(k.child.pid!), 0);
  const machineAfter = machineBusySeconds();
  // The event loop's figures of the window, without a forced collection: the last keystrokes are
  // still on their way, and a full collection now (100 ms and more) would be a stall of the
  // bench's own making. The heap is read after one, once every client has reported: they are
  // leaving then, so `end` may already miss documents being unloaded.
  const windowEnd = await server.stats({ gc: false });
  const typed = await typing;
  const end = { ...windowEnd, heapMb: (await server.stats()).heapMb };
  const latencies = typed.flatMap((t) => t.latencies);
  const warmupLatencies = typed.flatMap((t) => t.warmupLatencies);
  const keystrokes = typed.reduce((n, t) => n + t.keystrokes, 0);
  clientRejections += typed.reduce((n, t) => n + t.rejections, 0);
  if (process.env.BENCH_DEBUG)
    console.log(
      `${label}: clients' event-loop delay p99 / max by process: ${typed.map((t) => `${t.loopP99Ms.toFixed(0)} / ${t.loopMaxMs.toFixed(0)} ms`).join(", ")}`,
    );
  if (process.env.BENCH_DEBUG) {
    // Keystrokes over 100 ms by the second of the window they were typed in: a stall shows as a spike.
    const bySecond = new Array(SECONDS + 1).fill(0);
    for (const at of typed.flatMap((t) => t.slowAt)) bySecond[Math.min(SECONDS, Math.floor(at / 1000))]++;
    console.log(`${label}: keystrokes over 100 ms by second typed: ${bySecond.join(" ")}`);
  }
  await Promise.all(kids.map((k) => new Promise((r) => (k.child.exitCode !== null ? r(null) : k.child.once("exit", r)))));

  return {
    label,
    keystrokes,
    panelSyncP50: pct(panelSyncMs, 50),
    panelSyncMax: pct(panelSyncMs, 100),
    delivered: latencies.length,
    warmupP99: pct(warmupLatencies, 99),
    warmupMax: pct(warmupLatencies, 100),
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: pct(latencies, 100),
    cpuPercent: ((after - before) / window) * 100,
    clientsCpuPercent: ((clientsAfter - clientsBefore) / window) * 100,
    machineBusyPercent: ((machineAfter - machineBefore) / window / os.cpus().length) * 100,
    rssMb: end.rssMb,
    loopP99Ms: end.loopP99Ms,
    loopMaxMs: end.loopMaxMs,
    heapIdleMb: idle.heapMb,
    heapOpenMb: open.heapMb,
    heapEndMb: end.heapMb,
    perDocKb: ((open.heapMb - idle.heapMb) * 1024) / STUDENTS,
  };
}

/** tRPC over HTTP with a bearer session token (superjson envelope). */
async function trpc(base: string, token: string, kind: "query" | "mutation", proc: string, input: unknown) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", origin: base };
  const res =
    kind === "query"
      ? await fetch(`${base}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers })
      : await fetch(`${base}/trpc/${proc}`, { method: "POST", headers, body: JSON.stringify({ json: input }) });
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string } } };
  if (!body.result) throw new Error(`${proc}: ${body.error?.json.message ?? res.status}`);
  return body.result.data.json as any;
}

/** `xs` dealt round-robin into CLASSES courses. */
function split<T>(xs: T[]): T[][] {
  const out: T[][] = Array.from({ length: CLASSES }, () => []);
  for (const [i, x] of xs.entries()) out[i % CLASSES]!.push(x);
  return out;
}

/** Runs `f` over `xs`, `width` at a time. */
async function inParallel<T, R>(xs: T[], width: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, xs.length) }, async () => {
      while (next < xs.length) {
        const i = next++;
        out[i] = await f(xs[i]!);
      }
    }),
  );
  return out;
}

/**
 * Accounts for a class of hundreds: verified users with a session each, written as sign-up and
 * sign-in would (signing up a thousand through the API spends minutes hashing passwords, which is
 * not what this bench measures). The sessions are real: every request below and every document
 * is authenticated through better-auth.
 */
async function makeAccounts(db: ReturnType<typeof createDb>["db"], prefix: string, n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    name: `${prefix} ${i + 1}`,
    email: `${prefix.toLowerCase()}-${i + 1}-${randomUUID().slice(0, 8)}@bench.local`,
    emailVerified: true,
  }));
  const sessions = rows.map((u) => ({
    id: randomUUID(),
    userId: u.id,
    token: randomUUID().replaceAll("-", "") + randomUUID().replaceAll("-", ""),
    expiresAt: new Date(Date.now() + 3_600_000),
  }));
  for (let i = 0; i < n; i += 500) {
    await db.insert(user).values(rows.slice(i, i + 500));
    await db.insert(session).values(sessions.slice(i, i + 500));
  }
  return rows.map((u, i) => ({ id: u.id, token: signSessionToken(sessions[i]!.token, benchAuthSecret) }));
}

async function fullSetup(base: string, databaseUrl: string): Promise<ClassSetup> {
  const { db, close } = createDb(databaseUrl);
  const instructors = await makeAccounts(db, "Instructor", CLASSES);
  const students = split(await makeAccounts(db, "Student", STUDENTS));
  const classes: ClassSetup["classes"] = [];
  for (const [k, instructor] of instructors.entries()) {
    const [course] = await db
      .insert(courses)
      .values({ code: `BENCH-${randomUUID().slice(0, 6)}`, title: `Bench class ${k + 1}` })
      .returning();
    await db
      .insert(enrollments)
      .values([
        { courseId: course!.id, userId: instructor.id, role: "instructor" as const },
        ...students[k]!.map((s) => ({ courseId: course!.id, userId: s.id, role: "student" as const })),
      ]);
    const opened = await inParallel(students[k]!, 8, async (s) => {
      const w = await trpc(base, s.token, "query", "workspace.getOrCreate", { courseId: course!.id });
      return { documentName: w.documentName as string, token: s.token };
    });
    // The panel's view of the class: the instructor's roster names every student's document.
    const roster = (await trpc(base, instructor.token, "query", "workspace.roster", { courseId: course!.id })) as {
      workspace: { documentName: string } | null;
    }[];
    const names = new Set(roster.map((r) => r.workspace?.documentName));
    if (!opened.every((o) => names.has(o.documentName))) throw new Error("roster does not list every student's workspace");
    classes.push({ students: opened, panelToken: instructor.token });
  }
  await close();
  return { wsUrl: `${base.replace(/^http/, "ws")}/collab`, classes };
}

const warmup = (r: Awaited<ReturnType<typeof measure>>) => `${r.warmupP99.toFixed(1)} / ${r.warmupMax.toFixed(1)} ms`;

function row(r: Awaited<ReturnType<typeof measure>>) {
  const f = (x: number) => x.toFixed(1);
  return `| ${r.label} | ${(r.panelSyncP50 / 1000).toFixed(2)} / ${(r.panelSyncMax / 1000).toFixed(2)} s | ${r.delivered}/${r.keystrokes} | ${f(r.p50)} ms | ${f(r.p99)} ms | ${f(r.max)} ms | ${f(r.cpuPercent)} % | ${f(r.clientsCpuPercent)} % | ${f(r.machineBusyPercent)} % | ${f(r.loopP99Ms)} / ${f(r.loopMaxMs)} ms | ${f(r.heapIdleMb)} → ${f(r.heapOpenMb)} → ${f(r.heapEndMb)} MB | ${f(r.rssMb)} MB | ${f(r.perDocKb)} KB |`;
}

// A client library promise rejected with nothing attached (seen once in a few runs, at
// connect): reported and counted rather than ending the run without figures.
let clientRejections = 0;
process.on("unhandledRejection", (reason) => {
  clientRejections++;
  console.error("unhandled rejection in a client:", reason);
});

async function main() {
  console.log(
    `bench:collab — ${STUDENTS} students in ${CLASSES} course(s) × ${RATE} chars/s for ${SECONDS} s after ${WARMUP} s of warm-up, one panel socket per course; ${os.cpus().length} cores; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  const bare = await startServer("bare");
  const bareResult = await measure("bare Hocuspocus relay", bare, {
    wsUrl: bare.url,
    classes: split(Array.from({ length: STUDENTS }, () => ({ documentName: `workspace:${randomUUID()}`, token: null }))).map(
      (students) => ({
        students,
        panelToken: null,
      }),
    ),
  });
  await bare.stop();
  console.log(
    "| server | panel sync p50 / slowest | delivered | p50 | p99 | max | server CPU (of one core) | clients CPU (of one core) | machine busy (all cores) | server event-loop delay p99 / max | heap idle → open → end | RSS at end | heap per open doc (incl. its 2 connections) |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  console.log(row(bareResult));

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-collab-"));
  fs.chmodSync(dataDir, 0o755);
  const database = await resolveDatabase({
    ...benchDatabaseEnv(dataDir),
  });
  let full: ServerProcess | undefined;
  try {
    full = await startServer("full", { DATABASE_URL: database.url });
    const setup = await fullSetup(full.url, database.url);
    const fullResult = await measure("Codeclass /collab (auth + Postgres log)", full, setup);
    console.log(row(fullResult));
    if (WARMUP > 0)
      console.log(
        `\nwarm-up (the first ${WARMUP} s of typing, not in the table): p99 / max ${warmup(bareResult)} bare, ${warmup(fullResult)} Codeclass`,
      );
    console.log(
      `\nratio Codeclass / bare: p50 ${(fullResult.p50 / bareResult.p50).toFixed(2)}×, p99 ${(fullResult.p99 / bareResult.p99).toFixed(2)}×; targets: p99 ≤ 100 ms at 1,000 editors; p99 ≤ 50 ms and ratio ≤ 1.5 at 50`,
    );
    if (clientRejections > 0) console.log(`note: ${clientRejections} unhandled client rejection(s) during the run (see stderr)`);
    if (fullResult.delivered < fullResult.keystrokes)
      console.log(`WARNING: ${fullResult.keystrokes - fullResult.delivered} keystrokes never reached the panel`);
  } finally {
    await full?.stop();
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
