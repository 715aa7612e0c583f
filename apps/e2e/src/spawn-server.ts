import { type ChildProcess, execFile, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once("error", reject);
  });
}

export interface RunningServer {
  url: string;
  env: NodeJS.ProcessEnv;
  logs: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Sends SIGKILL (a crash: nothing is flushed) and resolves when the process is gone. */
  kill(): Promise<unknown>;
}

/**
 * Starts the real server (`apps/server/src/main.ts`) as its own process with exactly `env` (plus
 * PATH, HOME and PORT) and waits until /healthz answers. Used by the browser tests and benches;
 * free of vitest, so a bench script can import it.
 */
export async function spawnServer(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunningServer> {
  const port = await freePort();
  const full = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), ...env };
  let output = "";
  // Node itself with tsx's loader, not the tsx CLI: that wrapper relays SIGTERM and SIGKILLs the
  // server when it does not confirm within 30 ms (a busy event loop), which made a graceful stop
  // exit 143 on a loaded machine.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "apps/server/src/main.ts")], {
    cwd: repoRoot,
    env: full,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the server did not answer /healthz in ${timeoutMs / 1000} s:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    env: full,
    logs: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      child.kill("SIGKILL");
      return exited;
    },
  };
}

/** Signs in through the sign-in page, as a person does, and waits for "My courses". */
export async function signInAt(url: string, page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "My courses" }).waitFor();
}

/** Runs the operator CLI (`pnpm codeclass ...`) against the same database. */
export async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  return promisify(execFile)(tsx, [path.join(repoRoot, "apps/server/src/cli.ts"), ...args], { env });
}
