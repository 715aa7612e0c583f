import { spawn } from "node:child_process";
import { promises as fs, constants as fsc, readFileSync } from "node:fs";
import path from "node:path";
import { sandboxEnv } from "../env.ts";

/** Directories searched for host tools besides $PATH (root's tools live in sbin). */
const extraDirs = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The PATH given to every host helper: never the server's own environment. */
export const hostPath = extraDirs.join(":");

/** Absolute path of an executable (an absolute `name` is checked as is), or null. */
export async function findExecutable(name: string): Promise<string | null> {
  const candidates = name.includes("/")
    ? [path.resolve(name)]
    : [...new Set([...(sandboxEnv().PATH ?? "").split(":").filter((d) => d.startsWith("/")), ...extraDirs])].map((d) => path.join(d, name));
  for (const c of candidates) {
    try {
      const st = await fs.stat(c);
      if (!st.isFile()) continue;
      await fs.access(c, fsc.X_OK);
      return c;
    } catch {}
  }
  return null;
}

export interface RunOutput {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs a host command with a minimal environment and collects its output. */
export function runHost(file: string, args: string[], timeoutMs = 10_000): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: { PATH: hostPath, LANG: "C.UTF-8" }, timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Decodes the octal escapes (\040 etc.) of /proc/self/mountinfo fields. */
function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

export interface MountInfo {
  root: string;
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

export async function readMountInfo(): Promise<MountInfo[]> {
  // procfs: the kernel's, read synchronously (see cgroup.ts).
  const text = readFileSync("/proc/self/mountinfo", "utf8");
  const out: MountInfo[] = [];
  for (const line of text.split("\n")) {
    const sep = line.indexOf(" - ");
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(" ");
    const right = line.slice(sep + 3).split(" ");
    if (left.length < 5 || right.length < 3) continue;
    out.push({
      root: unescapeMountField(left[3]!),
      mountPoint: unescapeMountField(left[4]!),
      fsType: right[0]!,
      superOptions: right[2]!.split(","),
    });
  }
  return out;
}

export async function isMountPoint(dir: string): Promise<boolean> {
  const mounts = await readMountInfo();
  return mounts.some((m) => m.mountPoint === dir);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Error code of a Node system error, if any. */
export const errCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;
