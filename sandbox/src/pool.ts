/**
 * When a pooled box is taken, the next one is made a moment later while the pool still holds
 * half or more: making a box (mount, cgroups, bwrap's namespaces; a container start) takes CPU
 * that the run just started would otherwise share on a small machine (measured on 2 cores: a
 * Python hello world 37 ms through the driver with the refill held back, 50 ms with it beside the
 * run). Below half (a class pressing Run at once) the pool is refilled at once.
 */
export const refillDelayMs = 250;

/** Returns `refillSoon()`: `refill` at once when `level()` is down to half the pool or less, else after refillDelayMs (one timer at a time). */
export function refillAfterTake(refill: () => void, level: () => { ready: number; size: number }): () => void {
  let timer: NodeJS.Timeout | null = null;
  const now = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    refill();
  };
  return () => {
    const { ready, size } = level();
    if (ready * 2 <= size) return now();
    timer ??= setTimeout(now, refillDelayMs);
    timer.unref?.();
  };
}
