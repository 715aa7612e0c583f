import { monitor } from "@codeclass/services";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Prometheus metrics for /metrics: process defaults plus HTTP request counts and durations. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "codeclass_" });
  const httpRequests = new Counter({
    name: "codeclass_http_requests_total",
    help: "HTTP requests by route group, method and status",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "codeclass_http_request_duration_seconds",
    help: "HTTP request duration by route group",
    labelNames: ["route"] as const,
    // Up to 30 s, so a p95 alert threshold above 5 s can still be judged.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration };
}
export type Metrics = ReturnType<typeof createMetrics>;

/** Gauges of the collaboration server: open documents and connections, read at scrape time. */
export function registerCollabMetrics(metrics: Metrics, stats: () => { documents: number; connections: number }) {
  new Gauge({
    name: "codeclass_collab_documents",
    help: "Workspace documents open on this server",
    registers: [metrics.registry],
    collect() {
      this.set(stats().documents);
    },
  });
  new Gauge({
    name: "codeclass_collab_connections",
    help: "WebSocket connections to /collab",
    registers: [metrics.registry],
    collect() {
      this.set(stats().connections);
    },
  });
}

/** What the monitor gives the exported figures: its cached read, the thresholds and which alerts fire. */
export interface MonitorFeed {
  read(): Promise<monitor.MonitorFigures>;
  thresholds: monitor.Thresholds;
  firing(id: monitor.AlertId): boolean;
}

const runBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

/**
 * The platform's figures (queue, workers, runs, database, sandbox, host, alerts). Gauges read the
 * monitor's cached figures at scrape time; the run counter and latency histograms grow as the
 * monitor first sees each finished run. Runs are read from the shared database, so every server
 * reports the whole platform's runs: aggregate them across servers with max(), not sum().
 */
export function registerMonitorMetrics(metrics: Metrics, feed: MonitorFeed) {
  const registers = [metrics.registry];
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    set: (g: Gauge<L>, f: monitor.MonitorFigures) => void,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const figures = await feed.read();
        // Label sets that are gone (a task with no waiting job) are dropped, not left at their last value.
        if (labelNames.length) this.reset();
        set(this, figures);
      },
    });
  const setIf = (g: Gauge, v: number | null | undefined) => (v === null || v === undefined ? g.reset() : g.set(v));

  gauge("codeclass_queue_depth", "Jobs ready to run that no worker has taken yet", [], (g, f) => setIf(g, f.queue?.depth));
  gauge("codeclass_queue_jobs_waiting", "Jobs waiting for a worker, per task", ["task"], (g, f) => {
    for (const [task, n] of Object.entries(f.queue?.byTask ?? {})) g.set({ task }, n);
  });
  gauge("codeclass_queue_oldest_wait_seconds", "How long the oldest waiting job has waited", [], (g, f) =>
    setIf(g, f.queue?.oldestSeconds),
  );
  gauge("codeclass_runs_queued", "Runs waiting for a worker", [], (g, f) => setIf(g, f.queue?.runsQueued));
  gauge("codeclass_runs_running", "Runs being run now, per sandbox driver", ["driver"], (g, f) => {
    for (const [driver, n] of Object.entries(f.workers?.runningByDriver ?? {})) g.set({ driver }, n);
  });
  gauge("codeclass_workers_alive", "Worker processes connected to the job queue", [], (g, f) => setIf(g, f.workers?.alive));
  gauge("codeclass_live_sessions", "Course sessions that are live now", [], (g, f) => setIf(g, f.live?.sessions));
  gauge("codeclass_live_participants", "People connected to a live session now (from LiveKit's webhook)", [], (g, f) =>
    setIf(g, f.live?.participants),
  );
  gauge(
    "codeclass_worker_last_heartbeat_timestamp_seconds",
    "Unix time of the newest sign of life of a worker (a run heartbeat, or the last run to finish)",
    [],
    (g, f) => setIf(g, f.workers?.lastHeartbeatAt ? Date.parse(f.workers.lastHeartbeatAt) / 1000 : null),
  );
  gauge(
    "codeclass_runs_last_minute",
    "Runs that finished in the last minute, per language and verdict",
    ["language", "verdict"],
    (g, f) => {
      for (const r of f.runsLastMinute) g.set({ language: r.language, verdict: r.verdict }, r.count);
    },
  );
  gauge("codeclass_sandbox_available", "Whether this server's worker can run code, per sandbox driver", ["driver"], (g, f) =>
    g.set({ driver: f.sandbox.driver ?? "none" }, f.sandbox.available ? 1 : 0),
  );
  gauge("codeclass_db_up", "Whether the database answers a select 1", [], (g, f) => g.set(f.database.up ? 1 : 0));
  gauge("codeclass_db_probe_seconds", "Round trip of a select 1 to the database", [], (g, f) => setIf(g, f.database.probeSeconds));
  gauge(
    "codeclass_db_connections",
    "Connections to the database by client (codeclass: the servers' pools; other) and state",
    ["application", "state"],
    (g, f) => {
      for (const c of f.database.connections) g.set({ application: c.application, state: c.state }, c.count);
    },
  );
  gauge(
    "codeclass_db_pool_connections",
    "This process's pg pools: connections open, idle, and clients waiting for one",
    ["pool", "kind"],
    (g, f) => {
      for (const [pool, p] of Object.entries(f.pools)) {
        g.set({ pool, kind: "total" }, p.total);
        g.set({ pool, kind: "idle" }, p.idle);
        g.set({ pool, kind: "waiting" }, p.waiting);
        g.set({ pool, kind: "max" }, p.max);
      }
    },
  );
  gauge("codeclass_db_max_connections", "The database's max_connections", [], (g, f) => setIf(g, f.database.maxConnections));
  gauge("codeclass_cpu_use_ratio", "The machine's CPU use between the last two samples (0..1)", [], (g, f) => setIf(g, f.system.cpu));
  gauge("codeclass_storage_use_ratio", "Use of the disk holding DATA_DIR (0..1)", [], (g, f) => setIf(g, f.system.storage?.ratio));
  gauge("codeclass_api_p95_seconds", "The API's 95th percentile response time over the last minute", [], (g, f) =>
    setIf(g, f.api.p95Seconds),
  );
  gauge("codeclass_api_error_ratio", "5xx answers among the API's answers over the last minute (0..1)", [], (g, f) =>
    setIf(g, f.api.errorRate),
  );
  gauge("codeclass_alert_firing", "1 while the alert fires", ["alert"], (g) => {
    for (const id of monitor.alertIds) g.set({ alert: id }, feed.firing(id) ? 1 : 0);
  });
  gauge("codeclass_alert_threshold", "Each alert's threshold, in its figure's unit (percent, seconds, jobs, workers)", ["alert"], (g) => {
    for (const id of monitor.alertIds) g.set({ alert: id }, monitor.alertRules[id].threshold(feed.thresholds));
  });

  // The registry serializes its metrics concurrently: the run counter and histograms each wait for
  // the read, which takes the runs finished since the last one into them, so one scrape shows the
  // same runs in all three.
  const tallied = async () => {
    await feed.read();
  };
  const runs = new Counter({
    name: "codeclass_runs_total",
    help: "Runs finished, per language and verdict (since this server started)",
    labelNames: ["language", "verdict"] as const,
    registers,
    collect: tallied,
  });
  const queueWait = new Histogram({
    name: "codeclass_run_queue_wait_seconds",
    help: "From a run's start request to a worker taking it",
    labelNames: ["language"] as const,
    buckets: runBuckets,
    registers,
    collect: tallied,
  });
  const total = new Histogram({
    name: "codeclass_run_total_seconds",
    help: "From a run's start request to its end (queue wait included)",
    labelNames: ["language"] as const,
    buckets: runBuckets,
    registers,
    collect: tallied,
  });
  return {
    onFinishedRun(run: monitor.FinishedRun) {
      runs.inc({ language: run.language, verdict: run.verdict });
      if (run.queueWaitSeconds !== null) queueWait.observe({ language: run.language }, run.queueWaitSeconds);
      total.observe({ language: run.language }, run.totalSeconds);
    },
  };
}
