/**
 * pnpm bench:collab — a class of students typing while one instructor panel watches them all.
 *
 * BENCH_STUDENTS clients (default 50), each on its own WebSocket like a browser, type
 * BENCH_RATE characters a second (default 5) into their workspace for BENCH_SECONDS (default
 * 20). One panel client opens every student's document over ONE multiplexed socket and
 * records, per keystroke, the time from the student's insert to the panel seeing it.
 * Measured twice in the same run: against a bare Hocuspocus relay (no auth, no persistence)
 * and against the whole platform (better-auth, access rules, Postgres update log). Prints
 * p50/p99 latency, the ratio, server CPU and memory, and memory per open document.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { courses, createDb, enrollments, resolveDatabase, user } from "@codeclass/db";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { inArray } from "drizzle-orm";
import * as Y from "yjs";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 5);
const FILE = "main.py";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Heap (used + external) and RSS after a full garbage collection; event-loop delay since the last call. */
  stats(): Promise<{ rssMb: number; heapMb: number; loopP99Ms: number; loopMaxMs: number }>;
  stop(): Promise<void>;
}

/** Starts bench/collab-server.ts in a child process (same tsx loader) and waits for its URL. */
async function startServer(mode: "bare" | "full", env: Record<string, string> = {}): Promise<ServerProcess> {
  const script = path.join(import.meta.dirname, "collab-server.ts");
  const child = spawn(process.execPath, [...process.execArgv, "--expose-gc", script, mode], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
    lines.once("line", (line) => resolve(JSON.parse(line).url));
  });
  return {
    url,
    child,
    stats: () =>
      new Promise((resolve) => {
        lines.once("line", (line) => resolve(JSON.parse(line).stats));
        child.stdin!.write("stats\n");
      }),
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

/** CPU seconds (user + system) of a process, from /proc. */
function cpuSeconds(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15), in ticks
}

interface ClassSetup {
  wsUrl: string;
  students: { documentName: string; token: string | null }[];
  panelToken: string | null;
}

function connect(socket: HocuspocusProviderWebsocket, name: string, token: string | null) {
  const document = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document, token });
  provider.attach();
  const synced = new Promise<void>((resolve, reject) => {
    provider.on("synced", () => resolve());
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(`${name}: refused: ${reason}`)));
  });
  return { document, provider, synced };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string) {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);
}

async function measure(label: string, server: ServerProcess, setup: ClassSetup) {
  const pid = server.child.pid!;
  const idle = await server.stats();
  const studentSockets = setup.students.map(() => new HocuspocusProviderWebsocket({ url: setup.wsUrl }));
  const students = setup.students.map((s, i) => connect(studentSockets[i]!, s.documentName, s.token));
  await withTimeout(Promise.all(students.map((s) => s.synced)), 30_000, `${label}: students sync`);
  const panelSocket = new HocuspocusProviderWebsocket({ url: setup.wsUrl });
  const panel = setup.students.map((s) => connect(panelSocket, s.documentName, setup.panelToken));
  await withTimeout(Promise.all(panel.map((p) => p.synced)), 30_000, `${label}: panel sync`);
  const open = await server.stats();

  // Each student types at the end of one file; the panel maps a length to the keystroke that made it.
  const latencies: number[] = [];
  const sent: number[][] = [];
  let keystrokes = 0;
  students.forEach((s, i) => {
    const files = s.document.getMap<Y.Text>("files");
    if (!files.get(FILE)) s.document.transact(() => files.set(FILE, new Y.Text()));
    sent[i] = [];
  });
  await new Promise((r) => setTimeout(r, 500)); // the file creations reach the panel
  panel.forEach((p, i) => {
    let seen = -1;
    p.document.getMap<Y.Text>("files").observeDeep(() => {
      const length = p.document.getMap<Y.Text>("files").get(FILE)?.length ?? 0;
      const now = performance.now();
      if (seen < 0) seen = 0;
      for (; seen < length; seen++) {
        const at = sent[i]![seen];
        if (at !== undefined) latencies.push(now - at);
      }
    });
  });

  await server.stats(); // resets the event-loop histogram: only the typing window counts
  const before = cpuSeconds(pid);
  const t0 = performance.now();
  const timers = students.map((s, i) => {
    const text = () => s.document.getMap<Y.Text>("files").get(FILE)!;
    const type = () => {
      const t = text();
      sent[i]![t.length] = performance.now();
      t.insert(t.length, String.fromCharCode(97 + (keystrokes++ % 26)));
    };
    // Spread the class over the first interval so keystrokes do not arrive in lockstep.
    return setTimeout(
      () => {
        type();
        timers[i] = setInterval(type, 1000 / RATE);
      },
      Math.random() * (1000 / RATE),
    );
  });
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const t of timers) clearInterval(t);
  const window = (performance.now() - t0) / 1000;
  const after = cpuSeconds(pid);
  const end = await server.stats();
  const deadline = Date.now() + 10_000;
  while (latencies.length < keystrokes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

  for (const p of [...students, ...panel]) p.provider.destroy();
  for (const s of [...studentSockets, panelSocket]) s.destroy();

  return {
    label,
    keystrokes,
    delivered: latencies.length,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: pct(latencies, 100),
    cpuPercent: ((after - before) / window) * 100,
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

async function signUp(base: string, name: string, n: number) {
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, "x-forwarded-for": `198.51.100.${n % 250}` },
    body: JSON.stringify({
      name,
      email: `${name.toLowerCase().replace(/\s+/g, "-")}-${randomUUID().slice(0, 8)}@bench.local`,
      password: "bench-password-123",
    }),
  });
  const token = res.headers.get("set-auth-token");
  if (!res.ok || !token) throw new Error(`sign-up ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string } };
  return { id: body.user.id, token };
}

async function fullSetup(base: string, databaseUrl: string): Promise<ClassSetup> {
  const instructor = await signUp(base, "Instructor", 0);
  const students = [];
  for (let i = 0; i < STUDENTS; i++) students.push(await signUp(base, `Student ${i + 1}`, i + 1));
  const { db, close } = createDb(databaseUrl);
  // The bench's accounts stand for verified students (an enrollment counts once the address is).
  await db
    .update(user)
    .set({ emailVerified: true })
    .where(inArray(user.id, [instructor.id, ...students.map((s) => s.id)]));
  const [course] = await db
    .insert(courses)
    .values({ code: `BENCH-${randomUUID().slice(0, 6)}`, title: "Bench class" })
    .returning();
  await db
    .insert(enrollments)
    .values([
      { courseId: course!.id, userId: instructor.id, role: "instructor" as const },
      ...students.map((s) => ({ courseId: course!.id, userId: s.id, role: "student" as const })),
    ]);
  await close();
  const opened = [];
  for (const s of students) {
    const w = await trpc(base, s.token, "query", "workspace.getOrCreate", { courseId: course!.id });
    opened.push({ documentName: w.documentName as string, token: s.token });
  }
  // The panel's view of the class: the instructor's roster names every student's document.
  const roster = (await trpc(base, instructor.token, "query", "workspace.roster", { courseId: course!.id })) as {
    workspace: { documentName: string } | null;
  }[];
  const names = new Set(roster.map((r) => r.workspace?.documentName));
  if (!opened.every((o) => names.has(o.documentName))) throw new Error("roster does not list every student's workspace");
  return { wsUrl: `${base.replace(/^http/, "ws")}/collab`, students: opened, panelToken: instructor.token };
}

function row(r: Awaited<ReturnType<typeof measure>>) {
  const f = (x: number) => x.toFixed(1);
  return `| ${r.label} | ${r.delivered}/${r.keystrokes} | ${f(r.p50)} ms | ${f(r.p99)} ms | ${f(r.max)} ms | ${f(r.cpuPercent)} % | ${f(r.loopP99Ms)} / ${f(r.loopMaxMs)} ms | ${f(r.heapIdleMb)} → ${f(r.heapOpenMb)} → ${f(r.heapEndMb)} MB | ${f(r.rssMb)} MB | ${f(r.perDocKb)} KB |`;
}

// A client library promise rejected with nothing attached (seen once in a few runs, at
// connect): reported and counted rather than ending the run without figures.
let clientRejections = 0;
process.on("unhandledRejection", (reason) => {
  clientRejections++;
  console.error("unhandled rejection in a client:", reason);
});

async function main() {
  console.log(`bench:collab — ${STUDENTS} students × ${RATE} chars/s for ${SECONDS} s, one panel socket; ${os.cpus().length} cores\n`);
  const bare = await startServer("bare");
  const bareResult = await measure("bare Hocuspocus relay", bare, {
    wsUrl: bare.url,
    students: Array.from({ length: STUDENTS }, () => ({ documentName: `workspace:${randomUUID()}`, token: null })),
    panelToken: null,
  });
  await bare.stop();
  console.log(
    "| server | delivered | p50 | p99 | max | server CPU (of one core) | server event-loop delay p99 / max | heap idle → open → end | RSS at end | heap per open doc (incl. its 2 connections) |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  console.log(row(bareResult));

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-collab-"));
  fs.chmodSync(dataDir, 0o755);
  const database = await resolveDatabase({
    EMBEDDED_PG_DIR: path.join(dataDir, "pg"),
    EMBEDDED_PG_PORT: String(20000 + Math.floor(Math.random() * 20000)),
  });
  let full: ServerProcess | undefined;
  try {
    full = await startServer("full", { DATABASE_URL: database.url });
    const setup = await fullSetup(full.url, database.url);
    const fullResult = await measure("Codeclass /collab (auth + Postgres log)", full, setup);
    console.log(row(fullResult));
    console.log(
      `\nratio Codeclass / bare: p50 ${(fullResult.p50 / bareResult.p50).toFixed(2)}×, p99 ${(fullResult.p99 / bareResult.p99).toFixed(2)}×; targets: p99 ≤ 50 ms, ratio ≤ 1.5`,
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
