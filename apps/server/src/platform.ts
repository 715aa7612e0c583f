import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createRunEventsHub, VerifiedCredentials } from "@codeclass/api";
import { type Auth, clientIpHeader, createAuth } from "@codeclass/auth";
import { createCollabServer } from "@codeclass/collab";
import { createDatabaseProbe, createDb, type Database, databaseEnv, repoRoot, resolveDatabase } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { type Mailer, mailerFromEnv } from "@codeclass/mail";
import { type SandboxChoice, selectSandbox } from "@codeclass/sandbox/select";
import { live, storageFromEnv } from "@codeclass/services";
import { createWorkerPool, defaultConcurrency, migrateWorker, startWorker } from "@codeclass/worker";
import { getRequestListener } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { createApiApp } from "./api-app.ts";
import { clientAddress, isTrusted } from "./client-address.ts";
import { compressResponses } from "./compression.ts";
import { type Env, trustedOrigins } from "./env.ts";
import type { Log } from "./logger.ts";
import { createMetrics, registerCollabMetrics } from "./metrics.ts";
import { createMonitor } from "./monitoring/index.ts";
import { applySecurityHeaders, securityHeaders } from "./security-headers.ts";
import { type DemoAccount, seedDemo } from "./seed.ts";

export const webRoot = path.join(repoRoot, "apps", "web");
const apiPrefixes = ["/trpc", "/api/", "/healthz", "/metrics", "/judge0/"];
/** Where the Hocuspocus WebSocket is served (docs/collab.md). */
export const collabPath = "/collab";
const version = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version ?? "0.0.0";

export interface PlatformOptions {
  env: Env;
  log: Log;
  /** "dev": Vite middleware with hot reload; "static": the built app; "none": API only (tests). */
  web: "dev" | "static" | "none";
  /** The built web app served by "static" (default apps/web/dist). */
  webDist?: string;
  /** Delivers mail in the worker; defaults to the log. */
  mailer?: Mailer;
}

export interface Platform {
  url: string;
  port: number;
  db: Database;
  auth: Auth;
  /** The credentials better-auth has verified, remembered for the API's requests. */
  verified: VerifiedCredentials;
  databaseKind: "external" | "embedded";
  databaseUrl: string;
  /** The worker's pg pool (for operators' tools and tests). */
  workerPool: import("pg").Pool;
  /** Accounts made on first run (null when the database already had users). */
  demoAccounts: DemoAccount[] | null;
  /** Drains requests, stops the worker, closes pools, stops embedded Postgres. */
  close(): Promise<void>;
}

/** Starts the whole platform on one origin: web app, /trpc, /api/auth, /collab, /healthz, /metrics, worker. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { env } = options;
  // Listen first so the public URL (and a port-0 port) is known; requests wait until ready.
  const server = http.createServer();
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const waiting: [http.IncomingMessage, http.ServerResponse][] = [];
  server.on("request", (req, res) => (handle ? handle(req, res) : waiting.push([req, res])));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = env.PUBLIC_URL ? env.publicUrl : `http://localhost:${port}`;
  try {
    return await assemble(options, server, url, port, (h) => {
      handle = h;
      for (const [req, res] of waiting.splice(0)) h(req, res);
    });
  } catch (e) {
    server.close();
    throw e;
  }
}

async function assemble(
  options: PlatformOptions,
  server: http.Server,
  url: string,
  port: number,
  ready: (h: (req: http.IncomingMessage, res: http.ServerResponse) => void) => void,
): Promise<Platform> {
  const { env, log } = options;
  const origins = trustedOrigins(url);
  const database = await resolveDatabase(databaseEnv(env), (line) => log.debug({ component: "postgres" }, line));
  const workerPool = createWorkerPool(database.url, log);
  await migrateWorker(workerPool, log);
  const concurrency = env.WORKER_CONCURRENCY ?? defaultConcurrency();
  // The API's connections, plus one for each run the in-process worker holds (claim, events, finish).
  const { db, close: closeDb } = createDb(database.url, { max: 10 + (env.WORKER ? concurrency : 0) });
  const databaseProbe = createDatabaseProbe(database.url);
  const runEvents = createRunEventsHub(db);
  const verified = new VerifiedCredentials();
  // The sandbox is chosen once, on first need, and shared by the in-process worker and the run page's status.
  let chosen: Promise<SandboxChoice> | null = null;
  // A box ready for each run the worker takes at once, so a class pressing Run at once does not wait for their setup.
  const sandbox = () => (chosen ??= selectSandbox(env.SANDBOX_DRIVER, { poolSize: concurrency }));
  const sandboxStatus = async () => {
    const choice = await sandbox();
    return choice.ok ? { available: true, reason: null } : { available: false, reason: choice.reason };
  };
  const mailer = options.mailer ?? mailerFromEnv(env, log.child({ component: "mailer" }));
  const auth = createAuth({
    db,
    baseURL: url,
    secret: env.secret,
    // Mail goes through the job queue: retried if delivery fails, never blocking a request.
    mailer: { send: (mail) => addJob(db, "send_email", mail) },
    github: env.GITHUB_CLIENT_ID ? { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET! } : undefined,
    google: env.GOOGLE_CLIENT_ID ? { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET! } : undefined,
    rateLimit: { enabled: env.AUTH_RATE_LIMIT },
    trustedOrigins: origins,
    log,
  });
  const demoAccounts = env.SEED_DEMO ? await seedDemo(auth, db) : null;
  const runner = env.WORKER
    ? await startWorker({
        pgPool: workerPool,
        db,
        log,
        mailer,
        concurrency,
        sandbox,
        livekit: live.liveKitFromEnv(env),
        backup: {
          url: database.url,
          storage: storageFromEnv(env, env.dataDir),
          root: env.backupDir,
          schedule: env.BACKUP_SCHEDULE === "off" ? null : env.BACKUP_SCHEDULE,
          keepDays: env.BACKUP_KEEP_DAYS,
        },
      })
    : null;

  const socialProviders = [...(env.GITHUB_CLIENT_ID ? (["github"] as const) : []), ...(env.GOOGLE_CLIENT_ID ? (["google"] as const) : [])];
  const metrics = createMetrics();
  // Hocuspocus on the same origin: WebSocket upgrades to /collab (Vite's HMR socket keeps its own listener).
  const collab = createCollabServer({
    db,
    auth,
    logger: log.child({ component: "collab" }),
    allowedOrigins: origins,
    redisUrl: env.REDIS_URL,
  });
  registerCollabMetrics(metrics, collab.stats);
  const monitor = createMonitor({
    env,
    db,
    log,
    metrics,
    publicUrl: url,
    dataDir: env.dataDir,
    collab: collab.stats,
    pools: () => ({
      worker: { total: workerPool.totalCount, idle: workerPool.idleCount, waiting: workerPool.waitingCount, max: workerPool.options.max },
    }),
    sandbox: async () => {
      // Without a worker here, code runs on other machines: this server does not open a sandbox to report one.
      if (!env.WORKER) return { driver: null, available: false, reason: "this server runs no worker (WORKER=false)" };
      const choice = await sandbox();
      return choice.ok
        ? { driver: choice.sandbox.driver, available: true, reason: null }
        : { driver: null, available: false, reason: choice.reason };
    },
  });
  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === collabPath || path?.startsWith(`${collabPath}/`)) collab.handleUpgrade(req, socket, head);
    else if (options.web !== "dev") socket.destroy();
  });
  const api = getRequestListener(
    createApiApp({
      db,
      auth,
      log,
      metrics,
      socialProviders,
      version,
      publicUrl: url,
      runEvents,
      verified,
      sandboxStatus,
      trustedOrigins: origins,
      monitor: monitor.source,
      avatarStorage: storageFromEnv(env, env.dataDir),
      livekit: live.liveKitFromEnv(env),
      workspaceEditor: { edit: collab.editWorkspace },
      metricsToken: env.METRICS_TOKEN,
      databaseProbe,
    }).fetch,
  );
  let web: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
  };
  let closeWeb = async () => {};
  if (options.web === "dev") {
    // Vite (and its bundler, with its native and WebAssembly parts) is loaded only here: a
    // production server never holds it (some 60 MB of heap every garbage collection walks).
    const { createServer } = await import("vite");
    const { devRequestRefusal, hideForbiddenDetails } = await import("./dev-guard.ts");
    const vite = await createServer({
      root: webRoot,
      configFile: path.join(webRoot, "vite.config.ts"),
      appType: "spa",
      server: { middlewareMode: true, hmr: { server } },
    });
    web = (req, res) => {
      const refusal = devRequestRefusal(req.url ?? "/", vite);
      if (refusal)
        return void res
          .writeHead(refusal, { "content-type": "text/plain; charset=utf-8" })
          .end(refusal === 400 ? "Bad request" : "Forbidden");
      hideForbiddenDetails(res);
      vite.middlewares(req, res);
    };
    closeWeb = () => vite.close();
  } else if (options.web === "static") {
    const dist = options.webDist ?? path.join(webRoot, "dist");
    if (!fs.existsSync(path.join(dist, "index.html")))
      throw new Error(`The web app is not built: run "pnpm build" first (missing ${dist}/index.html)`);
    const root = path.relative(process.cwd(), dist);
    const indexHtml = fs.readFileSync(path.join(dist, "index.html"), "utf8");
    const staticApp = new Hono()
      // Source maps stay on the server's disk for error reports; they are not published.
      .use("*", async (c, next) => (c.req.path.endsWith(".map") ? c.text("Not found", 404) : next()))
      // index.html and other unhashed files are revalidated on every visit, so a release shows at once.
      .use("*", async (c, next) => {
        await next();
        if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-cache");
      })
      // The build writes .br and .gz next to each text file (vite.config.ts); what is left is compressed here.
      .use("*", compressResponses())
      // Hashed file names change with their content: cached for a year, never revalidated.
      .use(
        "/assets/*",
        serveStatic({ root, precompressed: true, onFound: (_p, c) => c.header("cache-control", "public, max-age=31536000, immutable") }),
      )
      // A missing bundle (an old page asking for a chunk of a previous release) is a 404, not the app's HTML.
      .get("/assets/*", (c) => c.text("Not found", 404))
      .use("*", serveStatic({ root, precompressed: true }))
      .get("*", (c) => c.html(indexHtml));
    web = getRequestListener(staticApp.fetch);
  }

  // Browsers connect to LiveKit themselves (media never passes through this server): its URL is a connect source.
  const livekitUrl = live.liveKitFromEnv(env)?.url;
  const headers = securityHeaders({ dev: options.web === "dev", origins, connect: livekitUrl ? [livekitUrl] : [] });
  let warnedUntrustedProxy = false;
  ready((req, res) => {
    applySecurityHeaders(res, headers);
    // The client address for auth rate limits: from the socket, or the trusted proxy's header entry.
    const clientIp = clientAddress(req.headers["x-forwarded-for"], req.socket.remoteAddress, env.TRUST_PROXY);
    const peer = req.socket.remoteAddress ?? "";
    if (env.TRUST_PROXY && !warnedUntrustedProxy && req.headers["x-forwarded-for"] !== undefined && !isTrusted(env.TRUST_PROXY, peer)) {
      // Once: a proxy on an address TRUST_PROXY does not name makes every client count as the proxy.
      warnedUntrustedProxy = true;
      log.warn(
        { peer },
        `X-Forwarded-For came from ${peer}, which TRUST_PROXY does not trust, so the connection's address counts; if ${peer} is your proxy, add it to TRUST_PROXY`,
      );
    }
    req.headers[clientIpHeader] = clientIp;
    // @hono/node-server builds the Request from rawHeaders: replace any copy the client sent there too.
    for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2)
      if (req.rawHeaders[i]!.toLowerCase() === clientIpHeader) req.rawHeaders.splice(i, 2);
    req.rawHeaders.push(clientIpHeader, clientIp);
    const url = req.url ?? "/";
    if (apiPrefixes.some((p) => url.startsWith(p))) api(req, res);
    else web(req, res);
  });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await monitor.stop();
      // Collab first: its last snapshots need the database, and its sockets would keep the server open.
      await collab.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await drained;
      clearTimeout(force);
      await closeWeb();
      await runner?.stop();
      // The platform chose the sandbox (the worker only borrows it), so the platform closes it.
      const choice = await chosen;
      if (choice?.ok) await choice.sandbox.close();
      await runEvents.close();
      await workerPool.end();
      await closeDb();
      await databaseProbe.close();
      await database.stop();
    })());

  return { url, port, db, auth, verified, databaseKind: database.kind, databaseUrl: database.url, workerPool, demoAccounts, close };
}
