/**
 * The bench's server in a child process (bench/collab-server.ts, same tsx loader), so its CPU and
 * memory can be read from /proc: shared by bench:collab and bench:storm.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { serverNodeFlags } from "../src/node-flags.ts";

/** The bench server's auth secret (collab-server.ts): session tokens made by a bench are signed with it. */
export const benchAuthSecret = "bench-secret-bench-secret-bench-secret-01";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /**
   * Heap (used + external) and RSS after a full garbage collection (none with `gc: false`);
   * event-loop delay since the last call; `atUs`, the server's monotonic clock (its CPU profile's).
   */
  stats(options?: {
    gc?: boolean;
  }): Promise<{ rssMb: number; heapMb: number; loopP99Ms: number; loopMaxMs: number; atUs: number; uptimeMs: number }>;
  stop(): Promise<void>;
}

/** Starts bench/collab-server.ts in a child process (same tsx loader) and waits for its URL. */
export async function startServer(mode: "bare" | "full", env: Record<string, string> = {}): Promise<ServerProcess> {
  const script = path.join(import.meta.dirname, "collab-server.ts");
  // BENCH_SERVER_PROFILE=dir writes the server's CPU profile there when it stops (Chrome DevTools,
  // or apps/e2e/bench/profile-summary.ts).
  const profile = process.env.BENCH_SERVER_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : [];
  // BENCH_SERVER_NODE_FLAGS: more flags for the server's node (e.g. "--trace-gc"); what they print goes to stderr.
  const flags = process.env.BENCH_SERVER_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  // The deployed server's node flags (src/node-flags.ts), for the bare relay too: both on one runtime.
  const child = spawn(process.execPath, [...process.execArgv, ...serverNodeFlags, ...profile, ...flags, "--expose-gc", script, mode], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  // The server's answers are JSON lines; anything else it prints (a node flag's trace) is passed on.
  // BENCH_SERVER_NICE=-5: the server ahead of the bench's own clients for the CPU (they share this
  // machine's cores; browsers would not), to tell a stall of the server from one of the machine.
  // (Its main thread's: on Linux a priority is a thread's, and V8's helper threads have started.)
  if (process.env.BENCH_SERVER_NICE) {
    try {
      os.setPriority(child.pid!, Number(process.env.BENCH_SERVER_NICE));
    } catch (err) {
      child.kill("SIGKILL");
      throw new Error(`BENCH_SERVER_NICE: ${(err as Error).message} (a negative value needs root or CAP_SYS_NICE)`);
    }
  }
  const lines = new EventEmitter();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line.startsWith("{")) lines.emit("line", line);
    else process.stderr.write(`${line}\n`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
    lines.once("line", (line) => resolve(JSON.parse(line).url));
  });
  return {
    url,
    child,
    stats: (options) =>
      new Promise((resolve) => {
        lines.once("line", (line) => resolve(JSON.parse(line).stats));
        child.stdin!.write(options?.gc === false ? "stats nogc\n" : "stats\n");
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
/**
 * The embedded Postgres of a bench run: in `dir`, on a port drawn below Linux's ephemeral range
 * (32768 and up), where the bench's own thousands of client sockets take their local ports.
 * Drawn from 20000-40000, a port was now and then taken by one of them before Postgres bound it.
 */
export function benchDatabaseEnv(dir: string) {
  return { EMBEDDED_PG_DIR: path.join(dir, "pg"), EMBEDDED_PG_PORT: String(20000 + Math.floor(Math.random() * 12000)) };
}

/** Seconds of CPU the whole machine has been busy (all cores, not idle or waiting on I/O), from /proc/stat. */
export function machineBusySeconds() {
  const [, ...ticks] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

export function cpuSeconds(pid: number) {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return Number.NaN; // the process has exited: its figure is printed as NaN rather than ending the run
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15), in ticks
}
