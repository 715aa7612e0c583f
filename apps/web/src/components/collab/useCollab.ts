import { useEffect, useState, useSyncExternalStore } from "react";
import { CollabConnection, initialSyncState, type SyncState } from "./connection.ts";
import type { PresenceUser } from "./presence.ts";

const pool = new Map<string, { conn: CollabConnection; users: number; timer: ReturnType<typeof setTimeout> | null }>();

/**
 * The open connection to a document, shared by every component that wants it. Closed a few
 * seconds after the last `releaseConnection`, so a remount (React's strict mode, moving from the
 * review list to a student) reuses it instead of closing and re-opening the document.
 */
function acquireConnection(documentName: string): CollabConnection {
  let entry = pool.get(documentName);
  if (!entry) {
    entry = { conn: new CollabConnection(documentName), users: 0, timer: null };
    pool.set(documentName, entry);
  }
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = null;
  entry.users++;
  return entry.conn;
}

function releaseConnection(documentName: string): void {
  const entry = pool.get(documentName);
  if (!entry) return;
  entry.users = Math.max(0, entry.users - 1);
  if (entry.users > 0) return;
  entry.timer = setTimeout(() => {
    if (entry.users > 0) return;
    pool.delete(documentName);
    entry.conn.destroy();
  }, 3_000);
}

/**
 * Starts opening a document before any component asks for it (a route that knows which document
 * its page will show): the page's `useCollabConnection` within a few seconds finds it syncing, or
 * synced, instead of starting then.
 */
export function preopenConnection(documentName: string): void {
  acquireConnection(documentName);
  releaseConnection(documentName);
}

/** Opens one document for the component's life (null until opened). */
export function useCollabConnection(documentName: string | null): CollabConnection | null {
  const [conn, setConn] = useState<CollabConnection | null>(null);
  useEffect(() => {
    if (!documentName) return;
    setConn(acquireConnection(documentName));
    return () => {
      releaseConnection(documentName);
      setConn(null);
    };
  }, [documentName]);
  return conn;
}

/** Opens every named document (the review panel's students), keeping those already open. */
export function useCollabConnections(documentNames: readonly string[]): ReadonlyMap<string, CollabConnection> {
  const [conns, setConns] = useState<ReadonlyMap<string, CollabConnection>>(new Map());
  const key = [...documentNames].sort().join("\n");
  useEffect(() => {
    const map = new Map<string, CollabConnection>();
    for (const name of key ? key.split("\n") : []) map.set(name, acquireConnection(name));
    setConns(map);
    return () => {
      for (const name of map.keys()) releaseConnection(name);
      setConns(new Map());
    };
  }, [key]);
  return conns;
}

/** The connection's sync state, re-rendering on every change. */
export function useSyncState(conn: CollabConnection | null): SyncState {
  return useSyncExternalStore(conn?.subscribe ?? noopSubscribe, conn?.getState ?? (() => initialSyncState));
}

/** Publishes `user` in the document's presence while mounted (and while `user` is set). */
export function usePresenceUser(conn: CollabConnection | null, user: PresenceUser | null): void {
  useEffect(() => {
    if (!conn || !user) return;
    conn.setUser(user);
    return () => conn.setUser(null);
  }, [conn, user]);
}

const noopSubscribe = () => () => {};
