/**
 * Group workspaces follow their breakout group at once: when a session's breakouts change (a
 * student moved, everyone recalled, the timer ran out), a NOTIFY on the session floor channel
 * makes every open group-workspace connection be checked again, so a moved student loses the old
 * group's workspace now rather than at the next periodic access check.
 */
import type { Database } from "@codeclass/db";
import { floor } from "@codeclass/services";
import type { Extension, Hocuspocus, onConfigurePayload } from "@hocuspocus/server";
import type { Logger } from "pino";
import type { CollabContext } from "../context.ts";
import { openConnections } from "../context.ts";
import { recheckConnection } from "./access-watch.ts";

export interface BreakoutWatchOptions {
  db: Database;
  logger: Logger;
}

export class BreakoutWatch implements Extension<CollabContext> {
  extensionName = "codeclass-breakout-watch";
  private unlisten: (() => Promise<void>) | null = null;
  private stopped = false;
  private running = false;
  private again = false;

  constructor(private readonly options: BreakoutWatchOptions) {}

  async onConfigure({ instance }: onConfigurePayload) {
    const { db, logger: log } = this.options;
    try {
      const listener = await db.$client.listen(floor.sessionFloorChannel, (payload) => {
        if (floor.parseFloorNotice(payload)?.kind === "breakouts") void this.recheck(instance);
      });
      if (this.stopped) await listener.unlisten();
      else this.unlisten = () => listener.unlisten();
    } catch (err) {
      log.warn({ component: "collab", err }, "breakout watch could not LISTEN; group workspaces follow the periodic access check");
    }
  }

  /** Checks every open group-workspace connection; notices during a round start one more round. */
  private async recheck(instance: Hocuspocus) {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        for (const { connection, ctx } of openConnections(instance)) {
          if (!ctx.group) continue;
          try {
            await recheckConnection(this.options.db, connection, ctx);
          } catch (err) {
            this.options.logger.warn({ component: "collab", err }, "group workspace re-check failed; the periodic check will retry");
          }
        }
      } while (this.again && !this.stopped);
    } finally {
      this.running = false;
    }
  }

  async stop() {
    this.stopped = true;
    await this.unlisten?.().catch(() => {});
  }
}
