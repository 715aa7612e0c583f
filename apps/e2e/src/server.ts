import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { cloneTemplate, eventually } from "@codeclass/test-utils";
import { type RunningServer, repoRoot, spawnServer } from "./spawn-server.ts";

const run = promisify(execFile);

export { cli, repoRoot } from "./spawn-server.ts";

/**
 * Builds the web app (production bundle, served by the server as in `pnpm start`) once per test
 * run, however many test files ask at once: test files run in parallel worker processes of one
 * vitest process, and two builds into one dist/ would break each other. A lock directory lets
 * one build at a time (across runs too); a marker in dist/ says which run built it.
 */
export async function buildWeb(): Promise<void> {
  const dist = path.join(repoRoot, "apps/web/dist");
  const marker = path.join(dist, ".built-for-run");
  // The workers of one vitest run share its process as their parent.
  const runId = String(process.ppid);
  const lock = path.join(os.tmpdir(), "codeclass-web-build.lock");
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === runId) return;
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
    } catch {
      // Someone builds: wait for them (a lock whose process died is taken over).
      let holder = 0;
      try {
        holder = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        // just taken or just released
      }
      if (holder && !alive(holder)) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error("waited 10 minutes for another web build to finish");
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === runId) return;
      await run(path.join(repoRoot, "apps/web/node_modules/.bin/vite"), ["build", "--logLevel", "warn"], {
        cwd: path.join(repoRoot, "apps/web"),
        // vitest sets NODE_ENV=test, which would give React's development build; test what ships.
        env: { ...process.env, NODE_ENV: "production" },
      });
      if (!fs.existsSync(path.join(dist, "index.html"))) throw new Error("vite build produced no index.html");
      fs.writeFileSync(marker, runId);
      return;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export type { RunningServer } from "./spawn-server.ts";

/** Starts the real server process on a cloned test database and waits for /healthz. */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer & { drop: () => Promise<void> }> {
  const clone = await cloneTemplate();
  const server = await spawnServer({
    NODE_ENV: "production",
    DATABASE_URL: clone.url,
    BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
    SEED_DEMO: "false",
    // info: the log mailer's lines carry the links a user would get by mail (see mailedLink).
    LOG_LEVEL: "info",
    ...env,
  });
  return { ...server, drop: clone.drop };
}

/** The newest link to `path` (e.g. /api/auth/verify-email) in a mail the server's log mailer sent to `to`. */
export function mailedLink(server: RunningServer, to: string, path: string): Promise<string> {
  return eventually(
    () => {
      const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      const lines = server
        .logs()
        .split("\n")
        .filter((l) => l.includes(`mail to ${to}`));
      const links = lines.flatMap((l) => l.match(new RegExp(`https?://[^\\s"\\\\]+${escaped}[^\\s"\\\\]*`, "g")) ?? []);
      if (links.length === 0) throw new Error(`no mail to ${to} with a ${path} link yet`);
      return links[links.length - 1]!;
    },
    15_000,
    100,
  );
}
