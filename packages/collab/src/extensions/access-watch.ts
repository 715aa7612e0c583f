/**
 * Access is checked when a document is opened (authentication.ts) and again every `everyMs`
 * while it stays open: someone removed from the course is disconnected, an archived course
 * turns writers read-only, and the staff flag follows the role.
 */
import { type Database, user } from "@codeclass/db";
import { actorFromUser, workspaceAccess } from "@codeclass/services";
import type { Extension, Hocuspocus, onConfigurePayload } from "@hocuspocus/server";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import { type CollabContext, openConnections } from "../context.ts";
import { repeatEvery } from "./repeat.ts";

export interface AccessWatchOptions {
  db: Database;
  logger: Logger;
  /** How often every open connection is checked again, ms. */
  everyMs: number;
}

export class AccessWatch implements Extension<CollabContext> {
  extensionName = "codeclass-access-watch";
  private stopTimer: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: AccessWatchOptions) {}

  async onConfigure({ instance }: onConfigurePayload) {
    if (this.stopped) return;
    this.stopTimer = repeatEvery(this.options.everyMs, () => this.recheck(instance));
  }

  stop() {
    this.stopped = true;
    this.stopTimer?.();
  }

  private async recheck(instance: Hocuspocus) {
    const { db, logger: log } = this.options;
    for (const { connection, ctx } of openConnections(instance)) {
      try {
        const [row] = await db.select({ role: user.role }).from(user).where(eq(user.id, ctx.userId));
        const access = row ? await workspaceAccess(db, actorFromUser({ id: ctx.userId, role: row.role }), ctx.workspaceId) : null;
        if (!access?.canRead) connection.close({ code: 4403, reason: access?.refusal ?? "your access to this workspace ended" });
        else {
          connection.readOnly = !access.canWrite;
          ctx.staff = access.staff;
        }
      } catch (err) {
        log.warn({ component: "collab", err }, "access re-check failed; will try again");
      }
    }
  }
}
