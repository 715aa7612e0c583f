/**
 * Per-key token buckets: each key holds up to `perMinute` requests and regains them evenly over a
 * minute. In this process's memory: with several servers behind a balancer each allows the rate.
 */
export function createTokenBuckets(now: () => number = () => performance.now()) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes `cost` tokens from `key`'s bucket; when short, how many seconds until they are there. */
    take(key: string, perMinute: number, cost = 1): { ok: true } | { ok: false; retryAfterSeconds: number } {
      const t = now();
      const perMs = perMinute / 60_000;
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / perMs / 1000)) };
    },
  };
}
