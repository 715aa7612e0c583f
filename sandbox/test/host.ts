import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import { promisify } from "node:util";

export const execFileP = promisify(execFile);

/** Host processes whose command line is exactly `args` (as `ps` shows it). */
export async function hostProcesses(args: string): Promise<string[]> {
  const { stdout } = await execFileP("ps", ["-eo", "pid=,args="]);
  return stdout.split("\n").filter((l) => l.trim().replace(/^\d+\s+/, "") === args);
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
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
