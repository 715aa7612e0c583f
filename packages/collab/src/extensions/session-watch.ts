/**
 * Sessions that end while connections stay open: every `everyMs` the sessions of all open
 * connections are read in one query (per 1,000), and a connection whose session was signed out,
 * revoked or has expired, or whose user is banned, is closed; its updates are refused from the
 * moment that is known.
 */
import { readSessions, type SessionState, sessionEnd, sessionExpired, sessionGone } from "@codeclass/services";
import type { beforeHandleMessagePayload, Connection, Hocuspocus } from "@hocuspocus/server";
import { type CollabContext, openConnections } from "../context.ts";
import { CollabRefusal, updateOfMessage } from "../updates.ts";
import { Recheck, type RecheckOptions } from "./repeat.ts";

export type SessionWatchOptions = RecheckOptions;

export class SessionWatch extends Recheck {
  extensionName = "codeclass-session-watch";

  /** An update from a connection whose session is known to be gone, or has expired, is refused. */
  async beforeHandleMessage({ update: message, context }: beforeHandleMessagePayload<CollabContext>) {
    if (updateOfMessage(message)) assertSessionLive(context);
  }

  /** Closes every connection whose session ended; one query per 1,000 sessions. */
  protected async recheck(instance: Hocuspocus) {
    const { db, logger: log } = this.options;
    const open = [...openConnections(instance)].filter(({ ctx }) => ctx.sessionId && !ctx.sessionEnded);
    let found: Map<string, SessionState>;
    try {
      found = await readSessions(
        db,
        open.map((o) => o.ctx.sessionId),
      );
    } catch (err) {
      log.warn({ component: "collab", err }, "session re-check failed; will try again");
      return;
    }
    for (const { connection, ctx } of open) {
      const row = found.get(ctx.sessionId);
      const ended = row ? sessionEnd(row) : sessionGone;
      if (row) ctx.sessionExpiresAt = row.expiresAt.getTime();
      if (!ended) continue;
      ctx.sessionEnded = ended;
      log.info({ component: "collab", userId: ctx.userId, workspaceId: ctx.workspaceId, reason: ended }, "session ended");
      connection.close({ code: 4401, reason: ended });
    }
  }
}

/** Throws the refusal for a connection whose session is known to be gone, or has expired. */
export function assertSessionLive(context: CollabContext) {
  if (context.sessionEnded || Date.now() >= context.sessionExpiresAt) throw new CollabRefusal(context.sessionEnded ?? sessionExpired, 4401);
}

/**
 * After an update waited (backpressure), what was checked before the wait is checked again: the
 * session, and that the connection is still open (access ended: closed, its queued messages are
 * still handled). True when the connection has become read-only: the update must not be applied
 * (Hocuspocus then answers "not applied" itself).
 */
export function stillMayWrite(connection: Connection, context: CollabContext): boolean {
  assertSessionLive(context);
  if (!connection.document.hasConnection(connection)) throw new CollabRefusal("this connection was closed; reconnect", 4403);
  return !connection.readOnly;
}
