import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * The machine's CPU use, 0..1, over at least `minSpanMs` (null until that much time has passed):
 * calls closer together than that repeat the last value, since a few milliseconds of ticks say nothing.
 */
export function cpuMeter(minSpanMs = 1000) {
  const read = () => {
    let idle = 0;
    let total = 0;
    for (const cpu of os.cpus()) {
      const t = cpu.times;
      idle += t.idle;
      total += t.user + t.nice + t.sys + t.idle + t.irq;
    }
    return { idle, total };
  };
  let last = { ...read(), at: Date.now() };
  let value: number | null = null;
  return () => {
    if (Date.now() - last.at < minSpanMs) return value;
    const now = { ...read(), at: Date.now() };
    const total = now.total - last.total;
    const idle = now.idle - last.idle;
    last = now;
    value = total > 0 ? Math.min(1, Math.max(0, 1 - idle / total)) : null;
    return value;
  };
}

/** Use of the disk holding `dir` as df counts it (space reserved for root is not free to us). */
export async function diskUse(dir: string) {
  let at = path.resolve(dir);
  // DATA_DIR may not exist yet: its nearest existing parent is on the disk it will be on.
  for (;;) {
    try {
      const s = await fs.statfs(at);
      const used = (s.blocks - s.bfree) * s.bsize;
      const available = s.bavail * s.bsize;
      const totalBytes = used + available;
      return { path: at, usedBytes: used, totalBytes, ratio: totalBytes > 0 ? used / totalBytes : 0 };
    } catch (e) {
      const parent = path.dirname(at);
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" || parent === at) return null;
      at = parent;
    }
  }
}

/** The event loop's delay, 99th percentile since the previous call, seconds. */
export function eventLoopMeter() {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  return {
    read() {
      const p99 = histogram.count > 0 ? histogram.percentile(99) / 1e9 : 0;
      histogram.reset();
      return p99;
    },
    stop: () => histogram.disable(),
  };
}
