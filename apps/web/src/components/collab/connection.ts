import { HocuspocusProvider, WebSocketStatus } from "@hocuspocus/provider";
import * as Y from "yjs";
import type { PresenceUser } from "./presence.ts";
import { acquireSocket, releaseSocket } from "./socket.ts";

/** Where a document's connection stands, for the sync badge and the error messages. */
export interface SyncState {
  connection: "connecting" | "connected" | "disconnected";
  /** The exchange with the server is done on the current connection (false again while offline). */
  synced: boolean;
  /** The document was synced at least once: it holds the server's content and may be edited, also offline. */
  loaded: boolean;
  /** Local changes the server has not acknowledged yet (provider `unsyncedChanges`). */
  unsynced: number;
  /** The server refused the document (`onAuthenticationFailed` reason), e.g. "not your workspace". */
  refused: string | null;
  /** The server closed the document with a reason (a limit was hit). */
  closedReason: string | null;
  /** The server gave read-only access (a student on the demo, an archived course). */
  readOnly: boolean;
}

/** Before anything is known: connecting, nothing loaded, nothing pending. */
export const initialSyncState: SyncState = {
  connection: "connecting",
  synced: false,
  loaded: false,
  unsynced: 0,
  refused: null,
  closedReason: null,
  readOnly: false,
};

/**
 * One workspace document opened over the page's shared socket: its Y.Doc, its provider, and a
 * small store of its sync state for React (`subscribe`/`getState`).
 */
export class CollabConnection {
  readonly doc = new Y.Doc();
  readonly provider: HocuspocusProvider;
  private state: SyncState;
  private listeners = new Set<() => void>();
  private lastAutoReconnect = 0;
  private destroyed = false;

  constructor(readonly documentName: string) {
    const socket = acquireSocket();
    this.state = { ...initialSyncState, connection: socket.status === WebSocketStatus.Connected ? "connected" : "connecting" };
    this.provider = new HocuspocusProvider({
      name: documentName,
      document: this.doc,
      websocketProvider: socket,
      onStatus: ({ status }) => this.patch({ connection: status }),
      onSynced: () => this.patch({ synced: true, loaded: true, closedReason: null }),
      onUnsyncedChanges: ({ number }) => this.patch({ unsynced: number }),
      onAuthenticated: ({ scope }) => this.patch({ refused: null, readOnly: scope === "readonly" }),
      onAuthenticationFailed: ({ reason }) => this.patch({ refused: reason || "access denied" }),
      onClose: ({ event }) => {
        const reason = event?.reason;
        if (reason === "provider_initiated") {
          // The server echoes a close meant for an earlier provider of this document (one destroyed
          // and re-created quickly): open the document again, at most once every few seconds.
          this.patch({ synced: false });
          if (Date.now() - this.lastAutoReconnect > 5_000) {
            this.lastAutoReconnect = Date.now();
            setTimeout(() => !this.destroyed && this.reconnect(), 0);
          }
          return;
        }
        // A document-level close carries the server's reason (a limit); a dropped socket has none.
        this.patch({ synced: false, ...(reason && reason !== "forced" ? { closedReason: reason } : {}) });
      },
    });
    // Invisible until a user is set: the review panel watches many documents without joining them.
    this.provider.awareness?.setLocalState(null);
    this.provider.attach();
  }

  get awareness() {
    return this.provider.awareness;
  }

  getState = (): SyncState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Publishes who this client is in the document's presence; null leaves it. */
  setUser(user: PresenceUser | null): void {
    const awareness = this.provider.awareness;
    if (!awareness) return;
    if (!user) awareness.setLocalState(null);
    else awareness.setLocalState({ ...(awareness.getLocalState() ?? { file: null, typingAt: null }), user });
  }

  /** Detaches and re-attaches the provider: a fresh authentication and sync. */
  reconnect(): void {
    this.patch({ refused: null, closedReason: null, synced: false });
    this.provider.detach();
    this.provider.attach();
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
    this.provider.destroy();
    this.doc.destroy();
    releaseSocket();
  }

  private patch(p: Partial<SyncState>) {
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  }
}
