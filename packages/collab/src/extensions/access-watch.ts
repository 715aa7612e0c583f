/**
 * Access is checked when a document is opened (authentication.ts) and again every `everyMs`
 * while it stays open: someone removed from the course is disconnected, an archived course
 * turns writers read-only, and the staff flag follows the role (workspaces and whiteboards).
 */
import { type Database, user } from "@codeclass/db";
import { actorFromUser, whiteboardAccess, workspaceAccess } from "@codeclass/services";
import type { Connection, Hocuspocus } from "@hocuspocus/server";
import { eq } from "drizzle-orm";
import { type CollabContext, openConnections } from "../context.ts";
import { Recheck, type RecheckOptions } from "./repeat.ts";

export type AccessWatchOptions = RecheckOptions;

export class AccessWatch extends Recheck {
  extensionName = "codeclass-access-watch";

  /**
   * Each connection costs a few queries. A round spreads them over the first half of the interval
   * (a connection is still checked once per interval): a class of 1,000 that opened together was
   * 2,000 connections checked back to back, seconds of a busy event loop every editor felt.
   */
  protected async recheck(instance: Hocuspocus) {
    const { db, logger: log, everyMs } = this.options;
    const open = [...openConnections(instance)];
    const pace = (everyMs / 2 / Math.max(1, open.length)) * 0.9;
    for (const { connection, ctx } of open) {
      if (this.isStopped()) return;
      const started = performance.now();
      try {
        if (connection.document.hasConnection(connection)) await recheckConnection(db, connection, ctx);
      } catch (err) {
        log.warn({ component: "collab", err }, "access re-check failed; will try again");
      }
      const rest = pace - (performance.now() - started);
      if (rest >= 1) await new Promise((r) => setTimeout(r, rest).unref());
    }
  }
}

/** Checks one open connection against the access rules: closes it, or sets its read-only flag and staff standing. */
export async function recheckConnection(db: Database, connection: Connection, ctx: CollabContext) {
  const [row] = await db.select({ role: user.role }).from(user).where(eq(user.id, ctx.userId));
  const actor = row ? actorFromUser({ id: ctx.userId, role: row.role }) : null;
  const access = actor
    ? ctx.whiteboard
      ? await whiteboardAccess(db, actor, ctx.whiteboard)
      : await workspaceAccess(db, actor, ctx.workspaceId)
    : null;
  if (!access?.canRead) connection.close({ code: 4403, reason: access?.refusal ?? "your access to this document ended" });
  else {
    connection.readOnly = !access.canWrite;
    ctx.staff = access.staff;
  }
}
