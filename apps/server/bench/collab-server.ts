/**
 * The server side of `pnpm bench:collab` and `pnpm bench:storm`, in its own process so its CPU and memory can be
 * read from /proc. `bare`: a Hocuspocus relay with no hooks (no auth, no persistence), the
 * baseline. `full`: the whole platform (auth, access rules, Postgres persistence) on
 * DATABASE_URL. Prints one JSON line `{ "url": ... }` once it listens.
 */

import "../src/v8-settings.ts";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { Server } from "@hocuspocus/server";
import { benchAuthSecret } from "./server-process.ts";

const mode = process.argv[2];

// "stats" on stdin: the event loop's delay since the last call, then a full garbage collection
// (the parent starts us with --expose-gc) and the heap. "stats nogc": the same without the
// collection (asked while clients are typing, where a forced collection would be a stall of ours).
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line !== "stats" && line !== "stats nogc") return;
  const loopP99Ms = loop.percentile(99) / 1e6;
  const loopMaxMs = loop.max / 1e6;
  loop.reset();
  if (line === "stats") globalThis.gc?.();
  const m = process.memoryUsage();
  // atUs: this process's monotonic clock, the clock of its CPU profile (BENCH_SERVER_PROFILE).
  // uptimeMs: since the process started, the clock of --trace-gc's lines (BENCH_SERVER_NODE_FLAGS).
  const atUs = Number(process.hrtime.bigint() / 1000n);
  const uptimeMs = performance.now();
  console.log(
    JSON.stringify({
      stats: { rssMb: m.rss / 2 ** 20, heapMb: (m.heapUsed + m.external) / 2 ** 20, loopP99Ms, loopMaxMs, atUs, uptimeMs },
    }),
  );
});

if (mode === "bare") {
  // No authentication at all, so no document ever stops being "pending": its limit is lifted.
  const server = new Server({
    port: 0,
    address: "127.0.0.1",
    quiet: true,
    stopOnSignals: false,
    maxPendingDocuments: 1_000_000,
    maxUnauthenticatedQueueMessages: 10_000_000,
  });
  await server.listen();
  console.log(JSON.stringify({ url: `ws://127.0.0.1:${server.address.port}` }));
  process.on("SIGTERM", () => void server.destroy().then(() => process.exit(0)));
} else if (mode === "full") {
  const { loadEnv } = await import("../src/env.ts");
  const { createLogger } = await import("../src/logger.ts");
  const { startPlatform } = await import("../src/platform.ts");
  const env = loadEnv({
    NODE_ENV: "production",
    PORT: "0",
    DATABASE_URL: process.env.DATABASE_URL,
    BETTER_AUTH_SECRET: benchAuthSecret,
    LOG_LEVEL: "silent",
    SEED_DEMO: "false",
    TRUST_PROXY: "true",
    AUTH_RATE_LIMIT: "false",
    // bench:collab measures the collab server alone; bench:storm runs code (BENCH_WORKER=true).
    WORKER: process.env.BENCH_WORKER ?? "false",
    SANDBOX_DRIVER: process.env.SANDBOX_DRIVER,
    WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY,
  });
  const platform = await startPlatform({ env, log: createLogger("silent", false), web: "none" });
  console.log(JSON.stringify({ url: platform.url }));
  process.on("SIGTERM", () => void platform.close().then(() => process.exit(0)));
} else {
  console.error("usage: collab-server.ts bare|full");
  process.exit(2);
}
