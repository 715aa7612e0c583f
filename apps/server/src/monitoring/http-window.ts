import type { Metrics } from "../metrics.ts";

/** Cumulative HTTP figures at one moment (summed over route groups). */
interface Point {
  at: number;
  total: number;
  errors: number;
  /** Cumulative counts per bucket upper bound, ascending (Infinity last). */
  buckets: [number, number][];
}

/** Fewer answers than this in the window give no error rate (two failures of three calls are not an outage). */
export const minRequestsForErrorRate = 20;

/**
 * The API's p95 response time and 5xx rate over about the last `windowMs`, from the same
 * counters /metrics exports: each read keeps a cumulative point and compares with the newest
 * point at least a window old (or the start, early on). /metrics itself is left out.
 */
export function httpWindow(metrics: Metrics, windowMs = 60_000) {
  // Counting starts from zero when the server starts: early reads cover everything since then.
  const points: Point[] = [{ at: Date.now(), total: 0, errors: 0, buckets: [] }];
  const read = async (): Promise<Point> => {
    const [duration, requests] = await Promise.all([metrics.httpDuration.get(), metrics.httpRequests.get()]);
    const buckets = new Map<number, number>();
    for (const v of duration.values) {
      // Bucket values carry an `le` label that the histogram's own label type does not list.
      const labels = v.labels as { route?: string; le?: string | number };
      if (labels.route === "metrics" || labels.le === undefined || !v.metricName?.endsWith("_bucket")) continue;
      const le = labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + v.value);
    }
    let total = 0;
    let errors = 0;
    for (const v of requests.values) {
      if (v.labels.route === "metrics") continue;
      total += v.value;
      if (String(v.labels.status).startsWith("5")) errors += v.value;
    }
    return { at: Date.now(), total, errors, buckets: [...buckets].sort((a, b) => a[0] - b[0]) };
  };
  return async () => {
    const now = await read();
    const base = points.findLast((p) => now.at - p.at >= windowMs) ?? points[0]!;
    points.push(now);
    // Keep what the next reads may compare with: the newest point a window old, and everything after it.
    const keepFrom = points.findLastIndex((p) => now.at - p.at >= windowMs);
    if (keepFrom > 0) points.splice(0, keepFrom);
    const requests = now.total - base.total;
    const errors = now.errors - base.errors;
    return {
      requests,
      errorRate: requests >= minRequestsForErrorRate ? errors / requests : null,
      p95Seconds: requests > 0 ? quantile(now.buckets, new Map(base.buckets), 0.95) : null,
    };
  };
}

/** A quantile from the difference of two cumulative histograms, interpolated within its bucket. */
function quantile(now: [number, number][], base: Map<number, number>, q: number): number | null {
  const counts = now.map(([le, n]) => [le, n - (base.get(le) ?? 0)] as const);
  const total = counts.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, n] of counts) {
    if (n >= rank) {
      // Past the last finite bound nothing is known but "more than it": report that bound.
      if (!Number.isFinite(le)) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(1, n - below);
    }
    if (Number.isFinite(le)) lower = le;
    below = n;
  }
  return lower;
}
