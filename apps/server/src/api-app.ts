import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type ApiDeps, appRouter, createContext } from "@codeclass/api";
import type { DatabaseProbe } from "@codeclass/db";
import type { ObjectStorage } from "@codeclass/services";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { avatarRoutes } from "./avatar-routes.ts";
import { coalesceEventStream } from "./coalesce-stream.ts";
import { compressResponses } from "./compression.ts";
import { judge0Routes } from "./judge0/routes.ts";
import { livekitWebhookRoutes } from "./livekit-webhook.ts";
import type { Log } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import { cookieRequestRefusal, isLoopbackAddress } from "./request-origin.ts";

type Vars = { Variables: { requestId: string; log: Log }; Bindings: { incoming?: IncomingMessage } };

/** The most calls one batched tRPC request may carry (the web client sends at most half of it). */
export const maxBatchSize = 20;

/**
 * The largest request body per route, checked before anything is parsed. run.start carries a
 * program's files and stdin (the sandbox's maxima, 2 MiB and 8 MiB, JSON-escaped), an admin's
 * import a CSV file of up to 20 MiB; every other call is small.
 */
export const bodyLimits = { auth: 64 * 1024, trpc: 1024 * 1024, runStart: 24 * 1024 * 1024, import: 24 * 1024 * 1024 } as const;
const largeBodies: Record<string, number> = {
  "run.start": bodyLimits.runStart,
  "admin.importPreview": bodyLimits.import,
  "admin.importCommit": bodyLimits.import,
  "admin.importUpload": bodyLimits.import,
};

/** A tRPC-shaped error (one per call of a batch), so the web client shows the message. */
function trpcError(procedures: string[], batch: boolean, httpStatus: number, code: string, message: string) {
  const one = { error: { json: { message, code: -32600, data: { code, httpStatus } } } };
  return new Response(JSON.stringify(batch ? procedures.map(() => one) : one), {
    status: httpStatus,
    headers: { "content-type": "application/json" },
  });
}

export interface ApiAppOptions extends ApiDeps {
  log: Log;
  metrics: Metrics;
  /** Origins whose pages may use the session cookie (the public URL's; see env.trustedOrigins). */
  trustedOrigins: string[];
  /** Where uploaded avatars are kept (S3 when configured, else the data directory). */
  avatarStorage: ObjectStorage;
  /** When set, /metrics needs `Authorization: Bearer <token>`; else it answers loopback clients only. */
  metricsToken?: string;
  /** /healthz's database check, on a connection of its own (see createDatabaseProbe). */
  databaseProbe: Pick<DatabaseProbe, "check">;
}

/** Route group for metrics labels: never the raw path (unbounded cardinality). */
const routeGroup = (path: string) => path.split("/")[1] ?? "";

/** The fetch-based part of the server: /trpc, /api/auth, /healthz, /metrics. */
export function createApiApp(deps: ApiAppOptions) {
  const app = new Hono<Vars>();

  app.use(async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const log = deps.log.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    c.header("x-request-id", requestId);
    const route = routeGroup(c.req.path);
    deps.metrics.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    deps.metrics.httpDuration.observe({ route }, ms / 1000);
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) }, "request");
  });

  // JSON answers (course lists, rosters, summaries) travel compressed; subscriptions' event streams never are.
  app.use("/trpc/*", compressResponses());
  app.use("/api/auth/*", compressResponses());

  app.onError((err, c) => {
    c.get("log").error({ err }, "unhandled error");
    return c.json({ error: "Internal error", requestId: c.get("requestId") }, 500);
  });

  app.get("/healthz", async (c) => {
    try {
      await deps.databaseProbe.check();
      return c.json({ status: "ok", database: "ok" });
    } catch (err) {
      c.get("log").warn({ err }, "health check failed");
      return c.json({ status: "error", database: "unreachable" }, 503);
    }
  });

  app.get("/metrics", async (c) => {
    if (!metricsAllowed(deps.metricsToken, c.req.header("authorization"), c.env?.incoming))
      return c.text("Forbidden: /metrics answers loopback clients, or a bearer METRICS_TOKEN", 403);
    return c.body(await deps.metrics.registry.metrics(), 200, { "content-type": deps.metrics.registry.contentType });
  });

  const authBodyLimit = bodyLimit({
    maxSize: bodyLimits.auth,
    onError: (c) =>
      c.json({ code: "PAYLOAD_TOO_LARGE", message: `the request body is too large: the limit is ${bodyLimits.auth / 1024} KiB` }, 413),
  });
  // Bodies must say their length (browsers and the tRPC client always do), so a limit is enforced
  // before reading a byte; a body streamed without one would be read until it crossed the limit.
  app.on("POST", ["/api/auth/*", "/trpc/*"], async (c, next) => {
    if (c.req.header("content-length") === undefined)
      return c.json({ code: "LENGTH_REQUIRED", message: "send the request body with a Content-Length header" }, 411);
    return next();
  });
  app.on(["GET", "POST"], "/api/auth/*", authBodyLimit, (c) => deps.auth.handler(c.req.raw));
  app.route(
    "/api/avatar",
    avatarRoutes({ db: deps.db, auth: deps.auth, storage: deps.avatarStorage, trustedOrigins: deps.trustedOrigins }),
  );

  app.route("/api/livekit", livekitWebhookRoutes({ db: deps.db, livekit: deps.livekit }));

  // Judge0 CE 1.13's REST API for existing Judge0 clients (API keys in X-Auth-Token; no cookies).
  app.route("/judge0", judge0Routes({ db: deps.db, runEvents: deps.runEvents, publicUrl: deps.publicUrl, version: deps.version }));

  app.all("/trpc/*", async (c, next) => {
    const procedures = decodeURIComponent(c.req.path.slice("/trpc/".length)).split(",");
    const batch = c.req.query("batch") === "1";
    if (procedures.length > maxBatchSize)
      return trpcError(
        procedures,
        batch,
        400,
        "BAD_REQUEST",
        `a batch may hold at most ${maxBatchSize} calls; this one has ${procedures.length}`,
      );
    const refusal = cookieRequestRefusal(c.req.raw, deps.trustedOrigins);
    if (refusal) return trpcError(procedures, batch, 403, "FORBIDDEN", refusal);
    const maxSize = Math.max(bodyLimits.trpc, ...procedures.map((p) => largeBodies[p] ?? 0));
    return bodyLimit({
      maxSize,
      onError: () =>
        trpcError(
          procedures,
          batch,
          413,
          "PAYLOAD_TOO_LARGE",
          `the request body is too large: the limit is ${Math.round(maxSize / 1024)} KiB`,
        ),
    })(c, next);
  });

  app.all("/trpc/*", async (c) =>
    coalesceEventStream(
      await fetchRequestHandler({
        endpoint: "/trpc",
        req: c.req.raw,
        router: appRouter,
        maxBatchSize,
        createContext: ({ resHeaders }) => createContext(deps, c.req.raw, c.get("requestId"), resHeaders),
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") c.get("log").error({ err: error, path }, "procedure failed");
        },
      }),
    ),
  );

  return app;
}

function metricsAllowed(token: string | undefined, authorization: string | undefined, incoming: IncomingMessage | undefined) {
  if (token) {
    const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, "") ?? "");
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  }
  // Without a token: the machine itself only, and not through a proxy on it.
  return isLoopbackAddress(incoming?.socket.remoteAddress) && incoming?.headers["x-forwarded-for"] === undefined;
}
