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
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
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
