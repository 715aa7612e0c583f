/** Small helpers shared by the sandbox's tests: running a command in a box, and looking at the host. */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import { finished } from "node:stream/promises";
import { promisify } from "node:util";
import type { Box, BoxExecOptions } from "../src/box.ts";
import { defaultLimits, type Limits } from "../src/limits.ts";

export const execFileP = promisify(execFile);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const limits = (over: Partial<Limits> = {}): Limits => ({ ...defaultLimits, ...over });

export interface Ran {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Wall time from exec until the program exited and both streams ended. */
  ms: number;
}

/** Runs argv to completion with `stdin` (then EOF) and collects its output. */
export async function run(box: Box, argv: string[], options: Partial<BoxExecOptions> & { stdin?: string } = {}): Promise<Ran> {
  const started = performance.now();
  const proc = await box.exec({
    argv,
    env: options.env ?? {},
    cpuMs: options.cpuMs ?? 5000,
    fileSizeKb: options.fileSizeKb ?? defaultLimits.fileSizeKb,
  });
  let stdout = "";
  let stderr = "";
  proc.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  proc.stdin.end(options.stdin ?? "");
  const [status] = await Promise.all([proc.exited, finished(proc.stdout), finished(proc.stderr)]);
  return { ...status, stdout, stderr, ms: performance.now() - started };
}

export const sh = (box: Box, script: string, options?: Parameters<typeof run>[2]) => run(box, ["sh", "-c", script], options);
export const py = (box: Box, code: string, options?: Parameters<typeof run>[2]) => run(box, ["python3", "-c", code], options);

/** Host processes whose command line is exactly `args` (as `ps` shows it). */
export async function hostProcesses(args: string): Promise<string[]> {
  const { stdout } = await execFileP("ps", ["-eo", "pid=,args="]);
  return stdout.split("\n").filter((l) => l.trim().replace(/^\d+\s+/, "") === args);
}

/** The parent of a host process. */
export async function parentOf(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

export async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

/** Polls `check` until it holds or `ms` pass; returns its last answer. */
export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(20);
  }
  return check();
}
