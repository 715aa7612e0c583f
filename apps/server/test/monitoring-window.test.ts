import { createDb } from "@codeclass/db";
import { monitor } from "@codeclass/services";
import { freePort } from "@codeclass/test-utils";
import { describe, expect, test } from "vitest";
import { createMetrics } from "../src/metrics.ts";
import { httpWindow, minRequestsForErrorRate } from "../src/monitoring/http-window.ts";

/** Requests as the API's middleware records them: one count by status and one duration each. */
function record(metrics: ReturnType<typeof createMetrics>, n: number, seconds: number, status = "200", route = "trpc") {
  for (let i = 0; i < n; i++) {
    metrics.httpRequests.inc({ route, method: "GET", status });
    metrics.httpDuration.observe({ route }, seconds);
  }
}

describe("the API figures the alerts judge", () => {
  test("p95 and error rate come from the requests since the window's start, /metrics scrapes left out", async () => {
    const metrics = createMetrics();
    const read = httpWindow(metrics, 60_000);
    expect(await read()).toEqual({ requests: 0, errorRate: null, p95Seconds: null });

    // 95 fast answers and 5 slow ones: the 95th percentile is still in the fast bucket.
    record(metrics, 95, 0.02);
    record(metrics, 5, 4);
    record(metrics, 50, 9, "200", "metrics");
    const first = await read();
    expect(first.requests).toBe(100);
    expect(first.errorRate).toBe(0);
    expect(first.p95Seconds).toBeGreaterThan(0.01);
    expect(first.p95Seconds).toBeLessThanOrEqual(0.025);

    // Then mostly slow answers and failures: the p95 moves past 3 s and the error rate is 40 of 140.
    record(metrics, 40, 4, "500");
    const second = await read();
    expect(second.requests).toBe(140);
    expect(second.errorRate).toBeCloseTo(40 / 140);
    expect(second.p95Seconds).toBeGreaterThan(3);
    expect(second.p95Seconds).toBeLessThanOrEqual(5);
  });

  test("a handful of failed answers is no error rate: it needs enough answers to judge", async () => {
    const metrics = createMetrics();
    const read = httpWindow(metrics);
    record(metrics, minRequestsForErrorRate - 1, 0.01, "503");
    expect((await read()).errorRate).toBeNull();
    record(metrics, 1, 0.01, "503");
    expect((await read()).errorRate).toBe(1);
  });

  test("answers older than the window stop counting", async () => {
    const metrics = createMetrics();
    const read = httpWindow(metrics, 300);
    record(metrics, 30, 4, "500");
    expect(await read()).toMatchObject({ requests: 30, errorRate: 1 });
    await new Promise((r) => setTimeout(r, 350));
    record(metrics, 25, 0.01);
    expect(await read()).toMatchObject({ requests: 25, errorRate: 0 });
    expect((await read()).p95Seconds).toBeLessThanOrEqual(0.01);
  });

  test("alert rules: above and below their thresholds; a figure that cannot be read keeps the last state", () => {
    const figures = {
      at: new Date().toISOString(),
      queue: { depth: 51, byTask: { run_code: 51 }, oldestSeconds: 12, runsQueued: 51 },
      workers: { alive: 0, since: [], lastHeartbeatAt: null, runsRunning: 0, runningByDriver: {} },
      database: { up: true, probeSeconds: 0.001, connections: [], maxConnections: 100, error: null },
      pools: {},
      runsLastMinute: [],
      api: { requests: 100, p95Seconds: 3.5, errorRate: 0.04 },
      system: { cpu: null, storage: null, memoryRssBytes: 1, heapUsedBytes: 1, eventLoopP99Seconds: 0, uptimeSeconds: 1 },
      sandbox: { driver: null, available: false, reason: "test" },
      collab: { documents: 0, connections: 0 },
      live: null,
    } satisfies monitor.MonitorFigures;
    const judged = (wasFiring: (id: monitor.AlertId) => boolean = () => false) =>
      Object.fromEntries(monitor.judgeAlerts(figures, monitor.defaultThresholds, wasFiring).map((a) => [a.id, a.firing]));
    expect(judged()).toEqual({
      queue_depth: true,
      oldest_job: false,
      no_worker: true,
      database_down: false,
      api_p95: true,
      error_rate: false,
      cpu: false,
      storage: false,
    });
    // CPU and storage could not be read: they stay as they were.
    expect(judged((id) => id === "cpu")).toMatchObject({ cpu: true, storage: false });
    const [queue] = monitor.judgeAlerts(figures, monitor.defaultThresholds);
    expect(monitor.describeAlert(queue!)).toBe("Queue depth is 51 jobs (alert when above 50 jobs)");
  });

  test("a database that does not answer is a figure, not an error: the probe says down and the alert fires", async () => {
    // Nothing listens on this loopback port: the connection is refused at once.
    const { db, close } = createDb(`postgres://codeclass@127.0.0.1:${await freePort()}/nowhere`, { max: 1 });
    try {
      const probe = await monitor.probeDatabase(db, 3000);
      expect(probe).toMatchObject({ up: false, probeSeconds: null, connections: [] });
      expect(probe.error).toMatch(/ECONNREFUSED|connect/);
      const figures = { database: probe, queue: null, workers: null, api: {}, system: {} } as unknown as monitor.MonitorFigures;
      const down = monitor.judgeAlerts(figures, monitor.defaultThresholds).find((a) => a.id === "database_down")!;
      expect(down.firing).toBe(true);
      expect(monitor.describeAlert(down)).toBe("The database is not answering");
    } finally {
      await close();
    }
  });
});
