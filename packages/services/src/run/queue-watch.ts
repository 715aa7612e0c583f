import type { DbOrTx } from "@codeclass/db";
import { type QueuePlace, queuePositions } from "./queue-positions.ts";

/** Tells subscribers where their queued runs stand; one query a tick serves them all. */
export interface QueueWatch {
  /**
   * Calls `fn` with the run's place when it changes (checked once a tick), and with null once the
   * run is no longer queued (then no more). Returns the unsubscribe.
   */
  on(runId: string, fn: (place: QueuePlace | null) => void): () => void;
  close(): void;
}

export interface QueueWatchOptions {
  /** How often the queue is read while someone watches, ms (default 1000). */
  intervalMs?: number;
  /** Called when a read fails (the next tick tries again). */
  onError?: (err: unknown) => void;
}

/** Reads the queue (queuePositions) once a tick while anyone watches; idle, it runs no query. */
export function createQueueWatch(db: DbOrTx, options: QueueWatchOptions = {}): QueueWatch {
  const intervalMs = options.intervalMs ?? 1000;
  /** `since`: reads started before it subscribed (such a read may predate its run, so its "not queued" is not believed). */
  type Watcher = { runId: string; fn: (place: QueuePlace | null) => void; last: string | null; since: number };
  const watchers = new Set<Watcher>();
  let latest: { places: Map<string, QueuePlace>; read: number } | null = null;
  let reads = 0;
  let timer: NodeJS.Timeout | null = null;
  let reading = false;

  const tell = (w: Watcher, places: Map<string, QueuePlace>, read: number) => {
    const place = places.get(w.runId) ?? null;
    if (!place && read <= w.since) return;
    const key = place ? `${place.position}/${place.etaMs}` : null;
    if (key === w.last) return;
    w.last = key;
    w.fn(place);
  };
  const tick = async () => {
    if (reading) return; // a slow read: skip this tick rather than pile up
    reading = true;
    try {
      const read = ++reads;
      latest = { places: await queuePositions(db), read };
      for (const w of watchers) tell(w, latest.places, latest.read);
    } catch (err) {
      options.onError?.(err);
    } finally {
      reading = false;
    }
  };
  const stopIfIdle = () => {
    if (watchers.size > 0 || !timer) return;
    clearInterval(timer);
    timer = null;
    latest = null;
  };
  return {
    on(runId, fn) {
      const w: Watcher = { runId, fn, last: "", since: reads };
      watchers.add(w);
      if (!timer) {
        timer = setInterval(() => void tick(), intervalMs);
        timer.unref();
        void tick();
      } else if (latest) {
        tell(w, latest.places, latest.read); // read less than a tick ago
      }
      return () => {
        watchers.delete(w);
        stopIfIdle();
      };
    },
    close() {
      watchers.clear();
      stopIfIdle();
    },
  };
}
