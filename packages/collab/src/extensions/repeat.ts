import type { Database } from "@codeclass/db";
import type { Extension, Hocuspocus, onConfigurePayload } from "@hocuspocus/server";
import type { Logger } from "pino";
import type { CollabContext } from "../context.ts";

/**
 * Runs `round` every `everyMs` without holding the process open, never two rounds at once (a
 * round slower than the interval skips the ticks it overlaps). Returns the function that stops it.
 */
export function repeatEvery(everyMs: number, round: () => Promise<void>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void round().finally(() => {
      running = false;
    });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface RecheckOptions {
  db: Database;
  logger: Logger;
  /** How often every open connection is checked again, ms. */
  everyMs: number;
}

/**
 * An extension that checks every open connection again every `everyMs` once the server is
 * configured, until `stop()` (the session and access re-checks). Subclasses write `recheck`.
 */
export abstract class Recheck implements Extension<CollabContext> {
  abstract extensionName: string;
  private stopTimer: (() => void) | null = null;
  private stopped = false;

  constructor(protected readonly options: RecheckOptions) {}

  async onConfigure({ instance }: onConfigurePayload) {
    if (this.stopped) return;
    this.stopTimer = repeatEvery(this.options.everyMs, () => this.recheck(instance));
  }

  stop() {
    this.stopped = true;
    this.stopTimer?.();
  }

  /** True once `stop()` was called: a round in progress ends early. */
  protected isStopped(): boolean {
    return this.stopped;
  }

  protected abstract recheck(instance: Hocuspocus): Promise<void>;
}
