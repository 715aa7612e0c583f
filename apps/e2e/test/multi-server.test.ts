/**
 * Two server processes behind one database and one Redis (@hocuspocus/extension-redis): a writer
 * on each converges, and a server killed with SIGKILL loses no acknowledged edit. The servers
 * run with WORKER=false and two worker processes take the jobs; one is killed mid-run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cloneTemplate, eventually, startRedis } from "@codeclass/test-utils";
import { createFile, getFiles } from "@codeclass/workspace-doc";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as Y from "yjs";
import { makeCourse, trpcCall } from "../src/api.ts";
import { type RunningServer, repoRoot, spawnServer } from "../src/spawn-server.ts";

let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
let drop = async () => {};
const servers: RunningServer[] = [];
const cleanup: (() => void)[] = [];
let common: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  const [clone, started] = await Promise.all([cloneTemplate(), startRedis()]);
  redis = started;
  drop = clone.drop;
  common = {
    NODE_ENV: "production",
    DATABASE_URL: clone.url,
    BETTER_AUTH_SECRET: "multi-server-secret-multi-server-secret-0123",
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
    REDIS_URL: started.url,
    BACKUP_SCHEDULE: "off",
    // API and collaboration only: this test needs no web app (and so no build).
    SERVE_WEB: "false",
    // Web and collaboration nodes only: jobs are taken by the worker processes of the second test.
    WORKER: "false",
  };
  // One at a time: both would migrate the same new database at once otherwise (safe, but slower here).
  servers.push(await spawnServer(common));
  servers.push(await spawnServer(common));
}, 180_000);

afterAll(async () => {
  for (const c of cleanup) c();
  for (const s of servers) await s.stop().catch(() => {});
  redis?.stop();
  await drop();
});

function open(server: RunningServer, token: string, name: string) {
  const socket = new HocuspocusProviderWebsocket({ url: `${server.url.replace(/^http/, "ws")}/collab` });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
  provider.attach();
  cleanup.push(
    () => provider.destroy(),
    () => socket.destroy(),
  );
  return { provider, doc, text: () => getFiles(doc).get("notes.txt")?.toString() ?? null };
}

const acked = (p: HocuspocusProvider) => {
  if (!p.isSynced || p.unsyncedChanges > 0) throw new Error(`not acknowledged: ${p.unsyncedChanges} pending`);
};

test("a writer on each server converges; SIGKILL of one server loses no acknowledged edit", async (ctx) => {
  ctx.onTestFailed(() => {
    for (const s of servers) console.log(s.url, s.logs().slice(-3000));
  });
  const [a, b] = servers as [RunningServer, RunningServer];
  const stamp = Date.now().toString(36);
  const { course, instructor, students } = await makeCourse(a, {
    code: `MS-${stamp}`,
    title: "Two servers",
    instructor: { email: `ms-i-${stamp}@school.test`, name: "Ines", password: "teach-all-day-1" },
    students: [{ email: `ms-s-${stamp}@school.test`, name: "Sam", password: "learn-all-day-1" }],
  });
  const student = students[0]!;
  const ws = await trpcCall(a.url, student.token, "query", "workspace.getOrCreate", { courseId: course.id });
  const name = `workspace:${ws.id}`;

  const onA = open(a, student.token, name); // the student on server A
  const onB = open(b, instructor.token, name); // the teacher, co-editing, on server B
  await eventually(() => {
    acked(onA.provider);
    acked(onB.provider);
  }, 30_000);
  onA.doc.transact(() => createFile(onA.doc, "notes.txt", ""));
  await eventually(() => expect(onB.text()).toBe(""), 15_000);

  // Both type at once, each through their own server.
  for (let i = 0; i < 20; i++) {
    const ta = getFiles(onA.doc).get("notes.txt")!;
    ta.insert(ta.length, `a${i} `);
    const tb = getFiles(onB.doc).get("notes.txt")!;
    tb.insert(0, `b${i} `);
    await new Promise((r) => setTimeout(r, 10));
  }
  await eventually(() => {
    acked(onA.provider);
    acked(onB.provider);
    expect(onA.text()).toBe(onB.text());
  }, 30_000);
  const both = onA.text()!;
  for (let i = 0; i < 20; i++) expect(both).toContain(`a${i} `);
  for (let i = 0; i < 20; i++) expect(both).toContain(`b${i} `);

  // The student's last edits are acknowledged by A (committed), then A dies before any snapshot.
  const ta = getFiles(onA.doc).get("notes.txt")!;
  ta.insert(ta.length, "last-words-from-A");
  await eventually(() => acked(onA.provider), 15_000);
  await a.kill();
  servers.shift();

  // B has them (through Redis or the log), and after B stops gracefully a new server reads them all from Postgres.
  const later = open(b, student.token, name);
  await eventually(() => expect(later.text()).toContain("last-words-from-A"), 20_000);
  expect(await b.stop()).toBe(0);
  servers.shift();
  const c = await spawnServer(common);
  servers.push(c);
  const fresh = open(c, instructor.token, name);
  await eventually(() => expect(fresh.text()).toBe(`${both}last-words-from-A`), 30_000);
}, 300_000);

/** A standalone worker process (apps/worker) on the test database, as a worker node runs it. */
function spawnWorker(): ChildProcess {
  const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "apps/worker/src/main.ts")], {
    env: { ...common, PATH: process.env.PATH, HOME: process.env.HOME, SANDBOX_DRIVER: "bwrap", WORKER_CONCURRENCY: "2" },
    stdio: "ignore",
    // Its own process group: tsx runs the worker in a child process, and a dead machine takes both (and the sandbox).
    detached: true,
  });
  cleanup.push(() => killGroup(child));
  return child;
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Every process below `pid` (tsx runs the script in a child node process; the sandbox hangs below that). */
function descendants(pid: number): { pid: number; name: string }[] {
  const children = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === pid ? [{ pid: Number(d), name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) }] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
  return children.flatMap((c) => [c, ...descendants(c.pid)]);
}

test("workers apart from the servers: a worker killed mid-run ends that run as INTERNAL_ERROR; the other keeps taking jobs", async () => {
  const server = servers.at(-1)!; // WORKER=false: only the worker processes take jobs
  const workers = [spawnWorker(), spawnWorker()];
  const stamp = Date.now().toString(36);
  const { course, students } = await makeCourse(server, {
    code: `MW-${stamp}`,
    title: "Two workers",
    instructor: { email: `mw-i-${stamp}@school.test`, name: "Wes", password: "teach-all-day-1" },
    students: [{ email: `mw-s-${stamp}@school.test`, name: "Kim", password: "learn-all-day-1" }],
  });
  const token = students[0]!.token;
  const start = (content: string) =>
    trpcCall(server.url, token, "mutation", "run.start", {
      courseId: course.id,
      language: "python",
      files: [{ path: "main.py", content }],
    });
  const runOf = async (id: string) =>
    (
      (await trpcCall(server.url, token, "query", "run.listMine", { courseId: course.id })) as {
        id: string;
        status: string;
        verdict: string | null;
      }[]
    ).find((r) => r.id === id);

  // A program that waits for input: it stays running until its worker goes.
  const { runId } = await start("name = input()\nprint(name)\n");
  const holder = await eventually(() => {
    const found = workers.find((w) => descendants(w.pid!).some((p) => p.name === "bwrap"));
    if (!found) throw new Error("no worker has started the sandbox yet");
    return found;
  }, 120_000);
  expect((await runOf(runId))?.status).toBe("running");
  killGroup(holder);

  // The other worker sweeps it (its heartbeat stops) and keeps running new jobs.
  await eventually(async () => expect(await runOf(runId)).toMatchObject({ status: "finished", verdict: "INTERNAL_ERROR" }), 90_000);
  const { runId: next } = await start("print('still served')\n");
  await eventually(async () => expect(await runOf(next)).toMatchObject({ status: "finished", verdict: "OK" }), 60_000);
  const survivor = workers.find((w) => w !== holder)!;
  expect(survivor.exitCode).toBeNull();
  expect(holder.signalCode).toBe("SIGKILL");
}, 300_000);
