import { HocuspocusProviderWebsocket } from "@hocuspocus/provider";

/** `ws(s)://<this origin>/collab`: same origin, so the session cookie rides along. */
export function collabUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/collab`;
}

let shared: { socket: HocuspocusProviderWebsocket; users: number; closeTimer: ReturnType<typeof setTimeout> | null } | null = null;

/**
 * The page's one collab socket (docs/collab.md: every document over one
 * `HocuspocusProviderWebsocket`). Each caller must `releaseSocket()` when done; the socket closes
 * a few seconds after the last release, so moving between pages keeps it open.
 */
export function acquireSocket(): HocuspocusProviderWebsocket {
  if (!shared) shared = { socket: new HocuspocusProviderWebsocket({ url: collabUrl(), maxDelay: 10_000 }), users: 0, closeTimer: null };
  if (shared.closeTimer) clearTimeout(shared.closeTimer);
  shared.closeTimer = null;
  shared.users++;
  return shared.socket;
}

export function releaseSocket(): void {
  const current = shared;
  if (!current) return;
  current.users = Math.max(0, current.users - 1);
  if (current.users > 0) return;
  current.closeTimer = setTimeout(() => {
    if (shared !== current || current.users > 0) return;
    current.socket.destroy();
    shared = null;
  }, 5_000);
}
