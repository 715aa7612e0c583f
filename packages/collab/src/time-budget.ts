/** Time spent per key in a sliding-enough window: a small token bucket refilled at ms/perMs. */
export function createTimeBudget({ ms, perMs }: { ms: number; perMs: number }) {
  const spent = new Map<string, { used: number; at: number }>();
  const refill = (key: string) => {
    const now = performance.now();
    const entry = spent.get(key) ?? { used: 0, at: now };
    entry.used = Math.max(0, entry.used - ((now - entry.at) * ms) / perMs);
    entry.at = now;
    spent.set(key, entry);
    return entry;
  };
  return {
    available: (key: string) => {
      if (spent.size > 10_000) for (const [k, e] of spent) if (performance.now() - e.at > perMs) spent.delete(k);
      return refill(key).used < ms;
    },
    spend: (key: string, elapsed: number) => {
      refill(key).used += elapsed;
    },
  };
}
