import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Auth } from "@codeclass/auth";
import { type Database, session, user } from "@codeclass/db";
import { ServiceError, workspaceAccess } from "@codeclass/services";
import { globalRole, workspaceIdOfDocument } from "@codeclass/validators";
import { type Connection, type Document, Hocuspocus, type onAuthenticatePayload } from "@hocuspocus/server";
import { eq, inArray } from "drizzle-orm";
import pino, { type Logger } from "pino";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import { createAckGate } from "./ack-gate.ts";
import { sanitizeAwareness } from "./awareness.ts";
import { displayName } from "./doc.ts";
import { createUpdateLog, type DocState, type LogEntry, loadDocument, storeDocument } from "./persistence.ts";
import { CollabRefusal, checkUpdate, isEmptyUpdate, isSyncStep2, updateOfMessage } from "./updates.ts";

export interface CollabServerOptions {
  db: Database;
  /** The better-auth instance: sessions come from the upgrade request's cookie or the provider's token. */
  auth: Auth;
  logger?: Logger;
  /** Quiet time after the last edit before a snapshot is written, ms (default 2000). */
  snapshotDebounceMs?: number;
  /** Longest a snapshot waits while edits keep coming, ms (default 10000). */
  snapshotMaxDebounceMs?: number;
  /** Largest WebSocket frame accepted; a larger one closes the socket (default 2 MiB). */
  maxPayloadBytes?: number;
  /** A socket that sends nothing for this long is closed, ms (default 60000). */
  idleTimeoutMs?: number;
  /**
   * Origins whose pages may open documents with the session cookie (the server's own URL); a
   * request that carries a cookie and another page's Origin is refused, token or not. Unset: not
   * checked. Clients that send a token and no cookie (scripts, the CLI) are not affected.
   */
  allowedOrigins?: string[];
  /** Unacknowledged edits a connection may have before its next message waits for the disk (default 64). */
  maxPendingWrites?: number;
  /**
   * CPU time one user's updates may spend in the full check (a copy of the document: files,
   * comments, settings) per window (default 500 ms per 5 s); past it such updates are refused
   * until the window moves on, and the client sends them again.
   */
  fullCheckBudget?: { ms: number; perMs: number };
  /**
   * How often open connections are checked again against the access rules, ms (default 30000):
   * someone removed from the course, or a course archived, loses (write) access within this.
   */
  accessRecheckMs?: number;
  /**
   * How often the sessions of all open connections are checked in one query, ms (default 5000):
   * a connection whose session was signed out, revoked or has expired, or whose user is banned,
   * is closed within this.
   */
  sessionRecheckMs?: number;
}

/** What each document connection carries (Hocuspocus context). */
export interface CollabContext {
  userId: string;
  /** The signed-in user's name as others see it (`displayName`). */
  userName: string;
  workspaceId: string;
  /** The better-auth session the connection was opened with. */
  sessionId: string;
  /** When that session expires (ms since the epoch; moved on when better-auth extends it). */
  sessionExpiresAt: number;
  /** Set once the session is known to be gone: why (the connection is being closed). */
  sessionEnded: string | null;
  /** Course staff or admin: may delete others' comments. */
  staff: boolean;
}

export interface CollabServer {
  hocuspocus: Hocuspocus<CollabContext>;
  /** Takes over an HTTP upgrade (the caller has checked the path is /collab). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open documents and connections, for metrics. */
  stats(): { documents: number; connections: number };
  /** Closes every connection, writes the last snapshots, and stops. */
  close(): Promise<void>;
}

/** The Hocuspocus server for workspace documents (docs/collab.md): auth, access, durable log, limits. */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const { db, auth } = options;
  const log = options.logger ?? pino({ level: "silent" });
  const states = new WeakMap<Document, DocState>();
  const updateLog = createUpdateLog(db);
  const acks = createAckGate();
  const maxPendingWrites = options.maxPendingWrites ?? 64;
  const copyBudget = createTimeBudget(options.fullCheckBudget ?? { ms: 500, perMs: 5000 });

  /** A transient database error (a failover, a full pool) is retried before the edit is given up. */
  async function appendWithRetry(entry: LogEntry) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await updateLog.append(entry);
      } catch (err) {
        if (attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  async function authenticate(data: onAuthenticatePayload<CollabContext>): Promise<CollabContext> {
    const workspaceId = workspaceIdOfDocument(data.documentName);
    if (!workspaceId) throw new CollabRefusal(`bad document name "${data.documentName.slice(0, 80)}": use workspace:<workspace id>`, 4400);
    const request = new Headers(data.requestHeaders);
    const origin = request.get("origin");
    const cookie = request.get("cookie");
    // A cookie rides along with any page's WebSocket, so a page of another origin (even a sibling
    // localhost port) must not use it, whatever else it sends. Browsers always send Origin on a
    // WebSocket; a client without one is not a browser and holds the cookie itself.
    if (cookie && origin && options.allowedOrigins && !options.allowedOrigins.includes(origin))
      throw new CollabRefusal(`pages on ${origin.slice(0, 100)} may not open workspaces: use ${options.allowedOrigins[0]}`, 4403);
    // The provider sends "" when it has no token. A token that is given decides alone: were the
    // cookie asked too, a token that does not authenticate would fall back to the victim's cookie.
    const viaToken = Boolean(data.token);
    const headers = new Headers();
    if (viaToken) headers.set("authorization", `Bearer ${data.token}`);
    else if (cookie) headers.set("cookie", cookie);
    let found: Awaited<ReturnType<Auth["api"]["getSession"]>> = null;
    try {
      if (viaToken || cookie) found = await auth.api.getSession({ headers });
    } catch (e) {
      log.warn({ err: e, component: "collab" }, "session lookup failed");
    }
    if (!found)
      throw new CollabRefusal(
        viaToken ? "sign in first: the token is not a valid session" : "sign in first: no valid session in the cookie or token",
        4401,
      );
    const ended = sessionEnd({ expiresAt: found.session.expiresAt, banned: found.user.banned, banExpires: found.user.banExpires });
    if (ended) throw new CollabRefusal(ended, 4401);
    const session = found;
    const role = globalRole.safeParse(session.user.role);
    const actor = { id: session.user.id, role: role.success ? role.data : ("student" as const) };
    let access: Awaited<ReturnType<typeof workspaceAccess>>;
    try {
      access = await workspaceAccess(db, actor, workspaceId);
    } catch (e) {
      if (e instanceof ServiceError && e.code === "NOT_FOUND") throw new CollabRefusal("unknown workspace: no workspace has this id", 4404);
      throw e;
    }
    if (!access.canRead) throw new CollabRefusal(access.refusal ?? "not your workspace", 4403);
    data.connectionConfig.readOnly = !access.canWrite;
    log.debug({ component: "collab", userId: actor.id, workspaceId, readOnly: !access.canWrite }, "document opened");
    return {
      userId: actor.id,
      userName: displayName(session.user.name),
      workspaceId,
      staff: access.staff,
      sessionId: session.session.id,
      sessionExpiresAt: new Date(session.session.expiresAt).getTime(),
      sessionEnded: null,
    };
  }

  const hocuspocus = new Hocuspocus<CollabContext>({
    name: "codeclass-collab",
    quiet: true,
    debounce: options.snapshotDebounceMs ?? 2000,
    maxDebounce: options.snapshotMaxDebounceMs ?? 10_000,
    timeout: options.idleTimeoutMs ?? 60_000,
    async onAuthenticate(data) {
      try {
        return await authenticate(data);
      } catch (e) {
        if (e instanceof CollabRefusal) {
          log.info({ component: "collab", document: data.documentName.slice(0, 80), reason: e.reason }, "document refused");
          throw e;
        }
        log.error({ component: "collab", err: e }, "authentication failed");
        throw new CollabRefusal("the server could not check your access; try again", 4500);
      }
    },
    async onLoadDocument({ document, documentName }) {
      const workspaceId = workspaceIdOfDocument(documentName);
      if (!workspaceId) throw new CollabRefusal("bad document name", 4400);
      states.set(document, await loadDocument(db, workspaceId, document));
      if (document.store.pendingStructs || document.store.pendingDs) {
        // Logged before such updates were refused: they can never apply and would block every edit.
        log.warn({ component: "collab", workspaceId }, "dropped logged updates that depend on edits never received");
        document.store.pendingStructs = null;
        document.store.pendingDs = null;
      }
    },
    async beforeHandleMessage({ connection, document, update: message, context }) {
      const update = updateOfMessage(message);
      if (update && (context.sessionEnded || Date.now() >= context.sessionExpiresAt))
        throw new CollabRefusal(context.sessionEnded ?? sessionExpired, 4401);
      // Read-only connections: Hocuspocus answers "not applied" itself; nothing is logged.
      if (!update || connection.readOnly || isEmptyUpdate(update)) return;
      const state = states.get(document);
      if (!state) throw new CollabRefusal("the document is not loaded; reconnect", 4500);
      if (state.dirty) {
        // An edit is only in memory (its log write failed): acknowledge nothing until a snapshot holds it.
        const saved = storeDocument(db, state, document).catch((err) => {
          connection.close({ code: 4500, reason: "the server could not save an edit; reconnecting" });
          throw err;
        });
        acks.after(connection, saved);
      }
      // A reconnecting client's sync step 2 usually brings nothing new: no log row for it.
      if (isSyncStep2(message) && Y.snapshotContainsUpdate(Y.snapshot(document), update)) return;
      // Backpressure: a client that sends faster than Postgres commits waits for its oldest writes.
      if (acks.pending(connection) >= maxPendingWrites) await acks.settled(connection);
      try {
        const started = performance.now();
        let copied = false;
        const { insertedChars } = checkUpdate(
          document,
          update,
          message.byteLength,
          { userId: context.userId, userName: context.userName, staff: context.staff },
          () => {
            copied = true;
            return copyBudget.available(context.userId);
          },
        );
        if (copied) copyBudget.spend(context.userId, performance.now() - started);
        // Applied (so the other clients see it) at once, and the next message of this connection
        // is handled without waiting for the disk; the author's ack is held until the row is
        // committed. An edit lost in a crash before that was never acknowledged: its author
        // still holds it and sends it again on reconnect.
        Y.applyUpdate(document, update, { source: "connection", connection });
        if (document.store.pendingStructs || document.store.pendingDs) {
          // checkUpdate lets none of these through; should one slip by, it must not stay to block
          // every later edit, nor be logged to do so again after a restart.
          document.store.pendingStructs = null;
          document.store.pendingDs = null;
          throw new CollabRefusal(pendingRefusal);
        }
        const written = appendWithRetry({
          workspaceId: state.workspaceId,
          authorId: context.userId,
          update,
          insertedChars,
          source: isSyncStep2(message) ? "sync" : "edit",
        }).then(
          (row) => {
            state.appliedUpTo = Math.max(state.appliedUpTo, row.id);
            if (!state.lastEdit || row.at >= state.lastEdit.at) state.lastEdit = { at: row.at, by: context.userId };
          },
          (err) => {
            // The edit is in memory (and with the other clients) but not in the log: the next
            // snapshot must include it, and until one is written nobody is told it is saved.
            state.dirty = true;
            log.error({ component: "collab", workspaceId: state.workspaceId, err }, "could not save an update");
            for (const other of document.getConnections())
              other.close({ code: 4500, reason: "the server could not save an edit; reconnecting" });
            throw err;
          },
        );
        acks.after(connection, written);
        state.writes = state.writes.then(
          () => written,
          () => written,
        );
      } catch (e) {
        if (e instanceof CollabRefusal) {
          log.warn({ component: "collab", workspaceId: state.workspaceId, userId: context.userId, reason: e.reason }, "update refused");
          throw e;
        }
        log.error({ component: "collab", workspaceId: state.workspaceId, err: e }, "could not save an update");
        throw new CollabRefusal("the server could not save this edit; it will be sent again when you reconnect", 4500);
      }
    },
    /**
     * Presence cannot be spoofed or used to break viewers: a connection speaks only for its own
     * Yjs clients, `user.id`/`user.name` are the signed-in user's, and only documented fields
     * of bounded size are passed on (awareness.ts).
     */
    async beforeHandleAwareness({ context, states, document, connection }) {
      if (!context) return;
      for (const [clientId, state] of states) {
        const foreign = [...document.connections.entries()].some(([other, entry]) => other !== connection && entry.clients.has(clientId));
        if (foreign) states.delete(clientId);
        else if (state) states.set(clientId, sanitizeAwareness(state, context));
      }
    },
    async onStoreDocument({ document }) {
      const state = states.get(document);
      if (!state) return;
      // Rows still being written belong in the log before the snapshot claims their place.
      await state.writes.catch(() => {}); // a failed write marked the document dirty: the snapshot covers it
      await storeDocument(db, state, document);
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 2 * 1024 * 1024 });

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = hocuspocus.handleConnection(ws, fetchRequest(req));
      ws.on("message", (data, isBinary) => {
        if (!isBinary) {
          ws.close(1003, "binary Hocuspocus messages only");
          return;
        }
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
        client.handleMessage(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      });
      ws.on("close", (code, reason) => client.handleClose({ code, reason: reason.toString() }));
      ws.on("error", (err) => log.info({ component: "collab", err: err.message }, "websocket error"));
    });
  }

  /** Access is checked when a document is opened and again every `accessRecheckMs` while it stays open. */
  async function recheckAccess() {
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const ctx = connection.context as CollabContext | undefined;
        if (!ctx) continue;
        try {
          const [row] = await db.select({ role: user.role }).from(user).where(eq(user.id, ctx.userId));
          const role = globalRole.safeParse(row?.role);
          const access = row
            ? await workspaceAccess(db, { id: ctx.userId, role: role.success ? role.data : "student" }, ctx.workspaceId)
            : null;
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
  const recheck = setInterval(() => void recheckAccess(), options.accessRecheckMs ?? 30_000);
  recheck.unref();

  /** Closes, within `sessionRecheckMs`, every connection whose session ended; one query per 1,000 sessions. */
  async function recheckSessions() {
    const open: { connection: Connection; ctx: CollabContext }[] = [];
    for (const document of hocuspocus.documents.values())
      for (const connection of document.getConnections()) {
        const ctx = connection.context as CollabContext | undefined;
        if (ctx?.sessionId && !ctx.sessionEnded) open.push({ connection, ctx });
      }
    const ids = [...new Set(open.map((o) => o.ctx.sessionId))];
    const found = new Map<string, SessionState>();
    try {
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await db
          .select({ id: session.id, expiresAt: session.expiresAt, banned: user.banned, banExpires: user.banExpires })
          .from(session)
          .innerJoin(user, eq(session.userId, user.id))
          .where(inArray(session.id, ids.slice(i, i + 1000)));
        for (const row of rows) found.set(row.id, row);
      }
    } catch (err) {
      log.warn({ component: "collab", err }, "session re-check failed; will try again");
      return;
    }
    for (const { connection, ctx } of open) {
      const row = found.get(ctx.sessionId);
      const ended = row ? sessionEnd(row) : "you signed out, or your session was revoked: sign in again";
      if (row) ctx.sessionExpiresAt = row.expiresAt.getTime();
      if (!ended) continue;
      ctx.sessionEnded = ended;
      log.info({ component: "collab", userId: ctx.userId, workspaceId: ctx.workspaceId, reason: ended }, "session ended");
      connection.close({ code: 4401, reason: ended });
    }
  }
  let checkingSessions = false;
  const sessionRecheck = setInterval(() => {
    if (checkingSessions) return;
    checkingSessions = true;
    void recheckSessions().finally(() => {
      checkingSessions = false;
    });
  }, options.sessionRecheckMs ?? 5000);
  sessionRecheck.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(recheck);
      clearInterval(sessionRecheck);
      hocuspocus.closeConnections();
      hocuspocus.flushPendingStores();
      const deadline = Date.now() + 10_000;
      while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // Anything still open (a store failed): one last snapshot attempt each.
      for (const document of hocuspocus.documents.values()) {
        const state = states.get(document);
        if (state) await storeDocument(db, state, document).catch((err) => log.error({ component: "collab", err }, "last snapshot failed"));
      }
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    })());

  return {
    hocuspocus,
    handleUpgrade,
    stats: () => ({ documents: hocuspocus.getDocumentsCount(), connections: hocuspocus.getConnectionsCount() }),
    close,
  };
}

const sessionExpired = "your session ended: sign in again";
const pendingRefusal = "update refused: the change depends on edits the server does not have: reload the page to get the current workspace";

interface SessionState {
  expiresAt: Date;
  banned: boolean | null;
  banExpires: Date | null;
}

/** Why a session may no longer be used (expired, or its user banned), or null while it may. */
function sessionEnd(s: { expiresAt: Date | string; banned?: boolean | null; banExpires?: Date | string | null }): string | null {
  const now = Date.now();
  if (s.banned && (!s.banExpires || new Date(s.banExpires).getTime() > now)) return "your account is banned: ask an administrator";
  if (new Date(s.expiresAt).getTime() <= now) return sessionExpired;
  return null;
}

/** A fetch Request for Hocuspocus (headers and URL of the upgrade request). */
function fetchRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    try {
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    } catch {
      // a header fetch cannot carry is left out
    }
  }
  let url: string;
  try {
    url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`).toString();
  } catch {
    url = "http://localhost/collab";
  }
  return new Request(url, { headers });
}

/** Time spent per key in a sliding-enough window: a small token bucket refilled at ms/perMs. */
function createTimeBudget({ ms, perMs }: { ms: number; perMs: number }) {
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
