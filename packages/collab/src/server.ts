import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Auth } from "@codeclass/auth";
import type { Database } from "@codeclass/db";
import type { WorkspaceEditor } from "@codeclass/services";
import { Redis } from "@hocuspocus/extension-redis";
import { Hocuspocus } from "@hocuspocus/server";
import IORedis from "ioredis";
import pino, { type Logger } from "pino";
import { WebSocketServer } from "ws";
import type { CollabContext } from "./context.ts";
import { AccessWatch } from "./extensions/access-watch.ts";
import { Authentication } from "./extensions/authentication.ts";
import { BreakoutWatch } from "./extensions/breakout-watch.ts";
import { NoEcho } from "./extensions/no-echo.ts";
import { Persistence } from "./extensions/persistence.ts";
import { Presence } from "./extensions/presence.ts";
import { SessionWatch } from "./extensions/session-watch.ts";
import { maxWorkspaceLogBytes, UpdateGuard } from "./extensions/update-guard.ts";
import { Whiteboard } from "./extensions/whiteboard.ts";
import { editWorkspace } from "./server-edit.ts";
import { type PendingLimits, setPendingLimits, signedInPendingLimits, upgradeSignedIn } from "./signed-in-limits.ts";

export type { CollabContext } from "./context.ts";

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
   * Bytes a workspace's update log may grow to (default `maxWorkspaceLogBytes`, 64 MiB: years of
   * typing); past it edits are refused, naming the limit, so no client can fill the disk.
   */
  maxLogBytes?: number;
  /**
   * CPU time one user's updates may spend in the full check (a copy of the document: files,
   * comments, settings) per window (default 500 ms per 5 s); past it such updates are refused
   * until the window moves on, and the client sends them again.
   */
  fullCheckBudget?: { ms: number; perMs: number };
  /**
   * How often open connections are checked again against the access rules, ms (default 30000):
   * someone removed from the course, or a course archived, loses (write) access within about
   * this (1.5 × it at most: a round spreads its connections over half the interval).
   */
  accessRecheckMs?: number;
  /**
   * How often the sessions of all open connections are checked in one query, ms (default 5000):
   * a connection whose session was signed out, revoked or has expired, or whose user is banned,
   * is closed within this.
   */
  sessionRecheckMs?: number;
  /**
   * `redis://host:port`: serve the same documents as the other servers on this Redis
   * (@hocuspocus/extension-redis carries updates and awareness between them; docs/collab.md).
   */
  redisUrl?: string;
  /**
   * Documents (and their queued messages) a socket whose upgrade request carries a valid session
   * may have awaiting authentication at once (default signedInPendingLimits: 2,500 and 10,000).
   * Other sockets keep Hocuspocus's limits (100 and 1,000) against unauthenticated floods.
   */
  signedInPendingLimits?: PendingLimits;
}

export interface CollabServer {
  hocuspocus: Hocuspocus<CollabContext>;
  /** Takes over an HTTP upgrade (the caller has checked the path is /collab). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Edits a workspace's live document as the server (e.g. a file staff send to the class): the
   * connected editors see it at once and it is logged with `source` (WorkspaceEditor in services).
   */
  editWorkspace: WorkspaceEditor["edit"];
  /** Open documents and connections, for metrics. */
  stats(): { documents: number; connections: number };
  /** Closes every connection, writes the last snapshots, and stops. */
  close(): Promise<void>;
}

/**
 * The Hocuspocus server for workspace and session whiteboard documents (docs/collab.md): one extension per concern
 * (extensions/), the WebSocket upgrade, and the shutdown that writes the last snapshots.
 */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const { db, auth } = options;
  const logger = options.logger ?? pino({ level: "silent" });
  const shared = Boolean(options.redisUrl);
  const maxDebounce = options.snapshotMaxDebounceMs ?? 10_000;
  // Spread over half the maximum wait, 5 s at most (so a snapshot still comes at least every 1.5 ×
  // that). Not with Redis: the extension's store lock would outlive its timeout while a snapshot waits.
  const persistence = new Persistence({ db, logger, shared, spreadMs: shared ? 0 : maxDebounce / 2 });
  const sessionWatch = new SessionWatch({ db, logger, everyMs: options.sessionRecheckMs ?? 5000 });
  const accessWatch = new AccessWatch({ db, logger, everyMs: options.accessRecheckMs ?? 30_000 });
  const whiteboard = new Whiteboard({ db, logger, shared, maxPendingWrites: options.maxPendingWrites ?? 64 });
  const updateGuard = new UpdateGuard({
    db,
    logger,
    persistence,
    maxPendingWrites: options.maxPendingWrites ?? 64,
    maxLogBytes: options.maxLogBytes ?? maxWorkspaceLogBytes,
    fullCheckBudget: options.fullCheckBudget ?? { ms: 500, perMs: 5000 },
    shared,
  });
  const breakoutWatch = new BreakoutWatch({ db, logger });
  const hocuspocus = new Hocuspocus<CollabContext>({
    name: "codeclass-collab",
    quiet: true,
    debounce: options.snapshotDebounceMs ?? 2000,
    maxDebounce,
    timeout: options.idleTimeoutMs ?? 60_000,
    // Hooks run in this order (same priority): the session check refuses an update before the
    // update guard logs it.
    extensions: [
      new Authentication({ db, auth, logger, allowedOrigins: options.allowedOrigins }),
      persistence,
      sessionWatch,
      updateGuard,
      whiteboard,
      new Presence(),
      new NoEcho(),
      accessWatch,
      breakoutWatch,
      ...(options.redisUrl ? [redisExtension(options.redisUrl, logger)] : []),
    ],
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 2 * 1024 * 1024 });

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    // Without credentials on the upgrade itself (no cookie, no bearer header) nothing is looked up.
    if (!req.headers.cookie && !req.headers.authorization) return accept(req, socket, head, false);
    void upgradeSignedIn(auth, req, options.allowedOrigins).then((signedIn) => accept(req, socket, head, signedIn));
  }

  function accept(req: IncomingMessage, socket: Duplex, head: Buffer, signedIn: boolean) {
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = hocuspocus.handleConnection(ws, fetchRequest(req));
      // A signed-in person's socket may open a whole course's documents at once (the review panel).
      if (signedIn) setPendingLimits(client, options.signedInPendingLimits ?? signedInPendingLimits);
      ws.on("message", (data, isBinary) => {
        if (!isBinary) {
          ws.close(1003, "binary Hocuspocus messages only");
          return;
        }
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
        client.handleMessage(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      });
      ws.on("close", (code, reason) => client.handleClose({ code, reason: reason.toString() }));
      ws.on("error", (err) => logger.info({ component: "collab", err: err.message }, "websocket error"));
    });
  }

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      sessionWatch.stop();
      accessWatch.stop();
      await whiteboard.stop();
      await breakoutWatch.stop();
      persistence.stop();
      hocuspocus.closeConnections();
      hocuspocus.flushPendingStores();
      const deadline = Date.now() + 10_000;
      while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await persistence.storeOpen(hocuspocus.documents.values());
      await whiteboard.storeOpen(hocuspocus.documents.values());
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Extensions' own shutdown (the Redis extension closes its connections).
      await hocuspocus.hooks("onDestroy", { instance: hocuspocus }).catch(() => {});
    })());

  return {
    hocuspocus,
    handleUpgrade,
    editWorkspace: (workspaceId, by, change) => editWorkspace({ hocuspocus, persistence, updateGuard }, workspaceId, by, change),
    stats: () => ({ documents: hocuspocus.getDocumentsCount(), connections: hocuspocus.getConnectionsCount() }),
    close,
  };
}

/**
 * The Redis extension, with its own high priority (its `onStoreDocument` lock lets one server
 * write a document's snapshot at a time). A Redis outage is logged; ioredis reconnects.
 */
function redisExtension(url: string, logger: Logger): Redis {
  const createClient = () => {
    const client = new IORedis(url, { maxRetriesPerRequest: null });
    client.on("error", (err) => logger.warn({ component: "collab", err: err.message }, "redis connection failed"));
    return client;
  };
  return new Redis({ createClient, prefix: "codeclass:collab" });
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
