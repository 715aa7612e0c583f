import type { Database } from "@codeclass/db";
import { monitor } from "@codeclass/services";
import type { Metrics } from "../metrics.ts";
import { httpWindow } from "./http-window.ts";
import { runTally } from "./run-tally.ts";
import { cpuMeter, diskUse, eventLoopMeter } from "./system.ts";

type MonitorFigures = monitor.MonitorFigures;

export interface SamplerOptions {
  db: Database;
  metrics: Metrics;
  /** The disk to watch (DATA_DIR). */
  dataDir: string;
  collab: () => { documents: number; connections: number };
  pools: () => MonitorFigures["pools"];
  sandbox: () => Promise<MonitorFigures["sandbox"]>;
  /** Each finished run once, as the tally first sees it (for counters and histograms). */
  onFinishedRun: (run: monitor.FinishedRun) => void;
  /** How long a read is reused, ms. */
  cacheMs: number;
}

/** Gives up on a database read that hangs (a stalled connection), so a sample always ends. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Reads every figure at once. Reads are shared: one in flight serves every caller, and a result
 * younger than `cacheMs` is reused, so a storm of scrapes and page refreshes reads Postgres once.
 */
export function createSampler(options: SamplerOptions) {
  const cpu = cpuMeter();
  const loop = eventLoopMeter();
  const http = httpWindow(options.metrics);
  const tally = runTally(options.db, options.onFinishedRun);
  let last: { at: number; figures: MonitorFigures } | null = null;
  let pending: Promise<MonitorFigures> | null = null;

  const sample = async (): Promise<MonitorFigures> => {
    const { db } = options;
    const database = await monitor.probeDatabase(db);
    const readOrNull = <T>(work: () => Promise<T>) => (database.up ? within(5000, work()).catch(() => null) : Promise.resolve(null));
    const [queue, workers, live, runsLastMinute, api, storage, sandbox] = await Promise.all([
      readOrNull(() => monitor.readQueue(db)),
      readOrNull(() => monitor.readWorkers(db)),
      readOrNull(() => monitor.readLive(db)),
      readOrNull(tally),
      http(),
      diskUse(options.dataDir),
      options.sandbox().catch((e: Error) => ({ driver: null, available: false, reason: e.message })),
    ]);
    const memory = process.memoryUsage();
    return {
      at: new Date().toISOString(),
      queue,
      workers,
      database,
      pools: options.pools(),
      runsLastMinute: runsLastMinute ?? [],
      api,
      system: {
        cpu: cpu(),
        storage,
        memoryRssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        eventLoopP99Seconds: loop.read(),
        uptimeSeconds: process.uptime(),
      },
      sandbox,
      collab: options.collab(),
      live,
    };
  };

  return {
    /** The figures, no older than `maxAgeMs` (default: the cache's age). */
    read(maxAgeMs = options.cacheMs): Promise<MonitorFigures> {
      if (last && Date.now() - last.at <= maxAgeMs) return Promise.resolve(last.figures);
      pending ??= sample()
        .then((figures) => {
          last = { at: Date.now(), figures };
          return figures;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
    stop: () => loop.stop(),
  };
}
export type Sampler = ReturnType<typeof createSampler>;
