/**
 * pnpm bench:live — one live session with a class of students following it over SSE.
 *
 * BENCH_SERVER_PROFILE=dir writes the server's CPU profile there.
 * BENCH_STUDENTS students (default 200), spread over BENCH_PROCS child processes (default 4),
 * each follow `chat.events` and `polls.events` over real HTTP against the whole platform
 * (better-auth, access rules, Postgres, LISTEN/NOTIFY) on an embedded Postgres. Then:
 *   chat: the instructor sends BENCH_MESSAGES messages (default 20, spaced to stay within the
 *         chat rate limit); per message, the time from the send to each student's stream;
 *   poll: the instructor asks a short-answer poll; once every student has it, all answer at
 *         once (BENCH_ANSWER_SPREAD_MS: at random within that window); per answer, the time from its POST to the instructor's `polls.events` event
 *         whose results first include it (each answer's text names its student).
 * Prints p50/p99 against the targets, server CPU and RSS.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { courses, createDb, enrollments, resolveDatabase, user } from "@codeclass/db";
import { inArray } from "drizzle-orm";
import type { FromClient } from "./live-client.ts";
import { benchDatabaseEnv, cpuSeconds, startServer } from "./server-process.ts";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 200);
const PROCS = Math.max(1, Math.min(STUDENTS, Number(process.env.BENCH_PROCS ?? 4)));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20);
/** The chat allows 5 messages in 5 s per sender, so one instructor sends a little over one a second. */
const MESSAGE_GAP_MS = Number(process.env.BENCH_MESSAGE_GAP_MS ?? 1100);
/** 0: every student answers at once; otherwise each answers at a random moment within this many ms. */
const ANSWER_SPREAD_MS = Number(process.env.BENCH_ANSWER_SPREAD_MS ?? 0);
const TARGET_MS = 100;
/** BENCH_DEBUG=1 also prints each chat message's first, median and last receiver and the slowest answers. */
const DEBUG = process.env.BENCH_DEBUG === "1";

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

function rssMb(pid: number) {
  const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

async function trpc(base: string, token: string, proc: string, input: unknown) {
  const res = await fetch(`${base}/trpc/${proc}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: input }),
  });
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string } } };
  if (!body.result) throw new Error(`${proc}: ${body.error?.json.message ?? res.status}`);
  return body.result.data.json as any;
}

async function signUp(base: string, name: string, n: number) {
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, "x-forwarded-for": `198.51.100.${n % 250}` },
    body: JSON.stringify({ name, email: `bench-${n}-${randomUUID().slice(0, 8)}@bench.local`, password: "bench-password-123" }),
  });
  const token = res.headers.get("set-auth-token");
  if (!res.ok || !token) throw new Error(`sign-up ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string } };
  return { id: body.user.id, token };
}

/** Runs `fn` over `items`, `limit` at a time, keeping their order. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** The instructor's live session with every student enrolled, started. */
async function setup(base: string, databaseUrl: string) {
  const instructor = await signUp(base, "Instructor", 0);
  const students = await pool(
    Array.from({ length: STUDENTS }, (_, i) => i),
    8,
    (i) => signUp(base, `Student ${i + 1}`, i + 1),
  );
  const { db, close } = createDb(databaseUrl);
  // The bench's accounts stand for verified students (an enrollment counts once the address is).
  await db
    .update(user)
    .set({ emailVerified: true })
    .where(inArray(user.id, [instructor.id, ...students.map((s) => s.id)]));
  const [course] = await db
    .insert(courses)
    .values({ code: `LIVE-${randomUUID().slice(0, 6)}`, title: "Bench lecture" })
    .returning();
  await db
    .insert(enrollments)
    .values([
      { courseId: course!.id, userId: instructor.id, role: "instructor" as const },
      ...students.map((s) => ({ courseId: course!.id, userId: s.id, role: "student" as const })),
    ]);
  await close();
  const session = await trpc(base, instructor.token, "session.create", {
    courseId: course!.id,
    title: "Bench lecture",
    startsAt: new Date().toISOString(),
    durationMinutes: 120,
  });
  await trpc(base, instructor.token, "session.start", { sessionId: session.id });
  return { instructor, students, sessionId: session.id as string };
}

/** The instructor's `polls.events`: for each answer text, when the staff stream first showed it. */
async function followStaffPolls(base: string, token: string, sessionId: string, signal: AbortSignal) {
  const seenAt = new Map<string, number>();
  const res = await fetch(`${base}/trpc/polls.events?input=${encodeURIComponent(JSON.stringify({ json: { sessionId } }))}`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", origin: base },
    signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`polls.events: HTTP ${res.status}`);
  let events = 0;
  const done = (async () => {
    let buffer = "";
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body!) {
        const at = now();
        buffer += decoder.decode(chunk, { stream: true });
        for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = block.match(/^event: ?(.*)$/m)?.[1];
          const data = block.match(/^data: ?(.*)$/m)?.[1];
          if (!data || event === "connected" || event === "ping") continue;
          const poll = (JSON.parse(data) as { json: { results: { answers: { text: string }[] | null } | null } }).json;
          events++;
          for (const a of poll.results?.answers ?? []) if (!seenAt.has(a.text)) seenAt.set(a.text, at);
        }
      }
    } catch (e) {
      if (!signal.aborted) throw e;
    }
  })();
  return { seenAt, events: () => events, done };
}

async function main() {
  console.log(`bench:live — ${STUDENTS} students over SSE in ${PROCS} client processes; ${os.cpus().length} cores\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-live-"));
  fs.chmodSync(dataDir, 0o755);
  const database = await resolveDatabase({
    ...benchDatabaseEnv(dataDir),
  });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const clients: ChildProcess[] = [];
  const stop = new AbortController();
  try {
    server = await startServer("full", { DATABASE_URL: database.url });
    const serverPid = server.child.pid!;
    const base = server.url;
    const t0 = now();
    const { instructor, students, sessionId } = await setup(base, database.url);
    console.log(`setup: ${STUDENTS} students signed up and enrolled, session live (${((now() - t0) / 1000).toFixed(1)} s)`);

    const rssIdle = rssMb(serverPid);
    let rssPeak = rssIdle;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(serverPid))), 200);

    // Deliveries reported by the clients.
    const chatArrivals: number[][] = Array.from({ length: MESSAGES }, () => []);
    const pollOpenArrivals: number[] = [];
    const answered: Extract<FromClient, { type: "answered" }>["answers"] = [];
    let subscribed = 0;
    let answeredShares = 0;
    const errors: string[] = [];
    const script = path.join(import.meta.dirname, "live-client.ts");
    const t1 = now();
    for (let p = 0; p < PROCS; p++) {
      const child = fork(script, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      clients.push(child);
      child.on("message", (m: FromClient) => {
        if (m.type === "subscribed") subscribed++;
        else if (m.type === "chat") chatArrivals[m.k]?.push(m.at);
        else if (m.type === "poll-open") pollOpenArrivals.push(m.at);
        else if (m.type === "answered") {
          answered.push(...m.answers);
          answeredShares++;
        } else if (m.type === "error") errors.push(m.message);
      });
      const share = students.map((s, i) => ({ i, token: s.token })).filter((_, i) => i % PROCS === p);
      child.send({ type: "init", base, sessionId, students: share });
    }
    const waitFor = async (what: string, ok: () => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      while (!ok()) {
        if (errors.length) throw new Error(`client: ${errors[0]}`);
        if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
        await sleep(10);
      }
    };
    const staff = await followStaffPolls(base, instructor.token, sessionId, stop.signal);
    await waitFor("every stream open", () => subscribed === PROCS, 120_000);
    console.log(`subscribed: ${STUDENTS * 2 + 1} SSE streams open (${((now() - t1) / 1000).toFixed(1)} s)`);
    await sleep(1000);
    const rssOpen = rssMb(serverPid);

    // (a) Chat: the instructor's messages to every student.
    const clientCpu = () => clients.reduce((sum, c) => sum + cpuSeconds(c.pid!), 0);
    const cpuChat0 = cpuSeconds(serverPid);
    const clientChat0 = clientCpu();
    const tChat0 = now();
    const sentAt: number[] = [];
    const sendDone: number[] = [];
    for (let k = 0; k < MESSAGES; k++) {
      const next = now() + MESSAGE_GAP_MS;
      sentAt[k] = now();
      await trpc(base, instructor.token, "chat.send", { sessionId, body: `bench ${k}` });
      sendDone.push(now() - sentAt[k]!);
      await sleep(Math.max(0, next - now()));
    }
    await waitFor("chat deliveries", () => chatArrivals.every((a) => a.length === STUDENTS), 30_000).catch((e) => errors.push(e.message));
    const chatWindow = (now() - tChat0) / 1000;
    const cpuChat = ((cpuSeconds(serverPid) - cpuChat0) / chatWindow) * 100;
    const clientCpuChat = ((clientCpu() - clientChat0) / chatWindow) * 100;
    const chatLast = chatArrivals.map((a, k) => Math.max(...a) - sentAt[k]!);
    if (DEBUG) {
      console.log(`chat.send round trip per message (ms): ${sendDone.map((x) => x.toFixed(0)).join(" ")}`);
      const spread = chatArrivals.map((a, k) => {
        const ms = a.map((at) => at - sentAt[k]!).sort((x, y) => x - y);
        return `${ms[0]!.toFixed(0)}/${ms[ms.length >> 1]!.toFixed(0)}/${ms.at(-1)!.toFixed(0)}`;
      });
      console.log(`chat first/median/last receiver per message (ms): ${spread.join(" ")}`);
    }
    const chatAll = chatArrivals.flatMap((a, k) => a.map((at) => at - sentAt[k]!));

    // (b) Poll: asked, reaches every student, all answer at once; the instructor's stream counts them.
    const cpuPoll0 = cpuSeconds(serverPid);
    const clientPoll0 = clientCpu();
    const tPoll0 = now();
    const askedAt = now();
    const poll = await trpc(base, instructor.token, "polls.create", { sessionId, kind: "short", question: "Bench: say anything" });
    await waitFor("poll reaches every student", () => pollOpenArrivals.length === STUDENTS, 30_000);
    const openLatency = pollOpenArrivals.map((at) => at - askedAt);
    for (const c of clients) c.send({ type: "answer", pollId: poll.id, spreadMs: ANSWER_SPREAD_MS });
    await waitFor("every answer returned", () => answeredShares === PROCS, 60_000);
    await waitFor("staff stream counts every answer", () => staff.seenAt.size === STUDENTS, 30_000).catch((e) => errors.push(e.message));
    const pollWindow = (now() - tPoll0) / 1000;
    const cpuPoll = ((cpuSeconds(serverPid) - cpuPoll0) / pollWindow) * 100;
    const clientCpuPoll = ((clientCpu() - clientPoll0) / pollWindow) * 100;
    const failedAnswers = answered.filter((a) => a.error);
    const ok = answered.filter((a) => !a.error && staff.seenAt.has(`s${a.i}`));
    const answerToStaff = ok.map((a) => staff.seenAt.get(`s${a.i}`)! - a.postAt);
    const answerRoundTrip = answered.map((a) => a.doneAt - a.postAt);
    const firstPost = Math.min(...answered.map((a) => a.postAt));
    if (DEBUG) {
      const slowest = [...answered].sort((x, y) => y.doneAt - y.postAt - (x.doneAt - x.postAt)).slice(0, 12);
      console.log(
        `slowest answers, sent at (ms after the first) : round trip (ms): ${slowest.map((a) => `${(a.postAt - firstPost).toFixed(0)}:${(a.doneAt - a.postAt).toFixed(0)}`).join(" ")}`,
      );
    }
    const allCounted = Math.max(...staff.seenAt.values()) - firstPost;
    clearInterval(sampler);
    const rssEnd = rssMb(serverPid);

    const f = (x: number) => x.toFixed(1);
    const verdict = (p99: number) => (p99 <= TARGET_MS ? "PASS" : "FAIL");
    console.log("\n| measure | samples | p50 | p99 | max | target | result |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    const line = (label: string, xs: number[], expected: number, target = true) =>
      console.log(
        `| ${label} | ${xs.length}/${expected} | ${f(pct(xs, 50))} ms | ${f(pct(xs, 99))} ms | ${f(pct(xs, 100))} ms | ${target ? `p99 ≤ ${TARGET_MS} ms` : "—"} | ${target ? verdict(pct(xs, 99)) : "—"} |`,
      );
    line("chat: message → last receiver", chatLast, MESSAGES);
    line("chat: message → each receiver", chatAll, MESSAGES * STUDENTS, false);
    line("poll: answer → staff stream includes it", answerToStaff, STUDENTS);
    line("poll: answer POST round trip", answerRoundTrip, STUDENTS, false);
    line("poll: asked → each student has it", openLatency, STUDENTS, false);
    console.log(
      `\npoll: all ${STUDENTS} answers counted on the staff stream ${f(allCounted)} ms after the first POST${ANSWER_SPREAD_MS ? ` (answers spread over ${ANSWER_SPREAD_MS} ms)` : " (all sent at once)"}, in ${staff.events()} staff events`,
    );
    console.log(
      `server: CPU ${f(cpuChat)} % of one core during chat (${f(chatWindow)} s), ${f(cpuPoll)} % during the poll (${f(pollWindow)} s); RSS ${f(rssIdle)} MB before the streams → ${f(rssOpen)} MB with ${STUDENTS * 2 + 1} open → peak ${f(rssPeak)} MB, ${f(rssEnd)} MB at end`,
    );
    console.log(
      `clients (${PROCS} processes together): CPU ${f(clientCpuChat)} % of one core during chat, ${f(clientCpuPoll)} % during the poll`,
    );
    if (failedAnswers.length) console.log(`WARNING: ${failedAnswers.length} answers refused, e.g. ${failedAnswers[0]!.error}`);
    if (errors.length) console.log(`WARNING: ${errors.join("; ")}`);
  } finally {
    stop.abort();
    for (const c of clients) if (c.connected) c.send({ type: "stop" });
    await server?.stop();
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
