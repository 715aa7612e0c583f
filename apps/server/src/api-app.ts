import { randomUUID } from "node:crypto";
import { type ApiDeps, appRouter, createContext } from "@codeclass/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { Log } from "./logger.ts";
import type { Metrics } from "./metrics.ts";

type Vars = { Variables: { requestId: string; log: Log } };

/** Route group for metrics labels: never the raw path (unbounded cardinality). */
const routeGroup = (path: string) => path.split("/")[1] ?? "";

/** The fetch-based part of the server: /trpc, /api/auth, /healthz, /metrics. */
export function createApiApp(deps: ApiDeps & { log: Log; metrics: Metrics }) {
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

  app.onError((err, c) => {
    c.get("log").error({ err }, "unhandled error");
    return c.json({ error: "Internal error", requestId: c.get("requestId") }, 500);
  });

  app.get("/healthz", async (c) => {
    try {
      await deps.db.execute(sql`select 1`);
      return c.json({ status: "ok", database: "ok" });
    } catch (err) {
      c.get("log").warn({ err }, "health check failed");
      return c.json({ status: "error", database: "unreachable" }, 503);
    }
  });

  app.get("/metrics", async (c) => {
    return c.body(await deps.metrics.registry.metrics(), 200, { "content-type": deps.metrics.registry.contentType });
  });

  app.on(["GET", "POST"], "/api/auth/*", (c) => deps.auth.handler(c.req.raw));

  app.all("/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      createContext: () => createContext(deps, c.req.raw, c.get("requestId")),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") c.get("log").error({ err: error, path }, "procedure failed");
      },
    }),
  );

  return app;
}
