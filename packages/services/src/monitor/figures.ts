import type { DatabaseFigures } from "./probe-database.ts";
import type { LiveFigures } from "./read-live.ts";
import type { QueueFigures } from "./read-queue.ts";
import type { WorkerFigures } from "./read-workers.ts";

/** Everything the monitoring page and the alerts look at, read at one moment. */
export interface MonitorFigures {
  /** When the figures were read (ISO). */
  at: string;
  /** Null when the database did not answer. */
  queue: QueueFigures | null;
  workers: WorkerFigures | null;
  database: DatabaseFigures;
  /** This process's own connection pools that say how full they are (graphile-worker's pg pool). */
  pools: Record<string, { total: number; idle: number; waiting: number; max: number }>;
  /** Runs that finished in the last minute, per language and verdict. */
  runsLastMinute: { language: string; verdict: string; count: number }[];
  /** The HTTP API over the last minute (this server's requests). Null until there is a minute's worth of requests to judge. */
  api: { requests: number; p95Seconds: number | null; errorRate: number | null };
  system: {
    /** The machine's CPU use over the last sample, 0..1 (null on the first sample). */
    cpu: number | null;
    /** The disk holding DATA_DIR. */
    storage: { path: string; usedBytes: number; totalBytes: number; ratio: number } | null;
    memoryRssBytes: number;
    heapUsedBytes: number;
    /** The event loop's delay, 99th percentile since the last sample, seconds. */
    eventLoopP99Seconds: number;
    uptimeSeconds: number;
  };
  /** The sandbox this server's own worker uses (a separate worker machine may use another). */
  sandbox: { driver: string | null; available: boolean; reason: string | null };
  collab: { documents: number; connections: number };
  /** Live sessions and their participants; null when the database did not answer. */
  live: LiveFigures | null;
}

/** The figures kept as a short history for the page's sparklines. */
export const historyKeys = [
  "queueDepth",
  "oldestJobSeconds",
  "workersAlive",
  "runsPerMinute",
  "apiP95Seconds",
  "errorRatePercent",
  "cpuPercent",
  "storagePercent",
  "dbProbeMs",
  "memoryRssMb",
  "eventLoopP99Ms",
  "collabConnections",
] as const;
export type HistoryKey = (typeof historyKeys)[number];

/** One history point per key (null where the figure could not be read then). */
export function historyPoint(f: MonitorFigures): Record<HistoryKey, number | null> {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  return {
    queueDepth: f.queue?.depth ?? null,
    oldestJobSeconds: f.queue ? Math.round(f.queue.oldestSeconds * 10) / 10 : null,
    workersAlive: f.workers?.alive ?? null,
    runsPerMinute: f.database.up ? f.runsLastMinute.reduce((n, r) => n + r.count, 0) : null,
    apiP95Seconds: f.api.p95Seconds,
    errorRatePercent: pct(f.api.errorRate),
    cpuPercent: pct(f.system.cpu),
    storagePercent: pct(f.system.storage?.ratio),
    dbProbeMs: f.database.probeSeconds === null ? null : Math.round(f.database.probeSeconds * 10_000) / 10,
    memoryRssMb: Math.round(f.system.memoryRssBytes / 104_857.6) / 10,
    eventLoopP99Ms: Math.round(f.system.eventLoopP99Seconds * 10_000) / 10,
    collabConnections: f.collab.connections,
  };
}
