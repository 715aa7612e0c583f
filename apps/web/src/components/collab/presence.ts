import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { RelativePosition } from "yjs";

/** Who a client is, as it publishes itself in awareness (docs/collab.md, "Awareness"). */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  role: string;
}

/** One client's awareness state: its user, open file, last keystroke and y-monaco's selection. */
export interface PresenceState {
  user?: PresenceUser;
  file?: string | null;
  typingAt?: number | null;
  selection?: { anchor: RelativePosition; head: RelativePosition } | null;
}

/** A remote (or the local) client with a user. */
export interface Peer {
  clientId: number;
  state: PresenceState & { user: PresenceUser };
  local: boolean;
}

/** "Typing" means a keystroke within this many milliseconds. */
export const typingWindowMs = 3_000;

// Dark enough for white label text (contrast ≥ 4.5:1) and distinct from each other.
const palette = ["#c92a2a", "#a61e4d", "#862e9c", "#5f3dc4", "#364fc7", "#1864ab", "#0b7285", "#087f5b", "#2b8a3e", "#b35900", "#d9480f"];

/** A stable colour for a user id. */
export function colorFor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return palette[h % palette.length]!;
}

/** Whether the state says its client typed within the last few seconds. */
export function isTyping(state: PresenceState | undefined, now = Date.now()): boolean {
  return typeof state?.typingAt === "number" && now - state.typingAt < typingWindowMs;
}

/** Everyone in the awareness with a user, the local client first; re-rendered on every change. */
export function usePeers(awareness: Awareness | null): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    if (!awareness) {
      setPeers([]);
      return;
    }
    const update = () => {
      const list: Peer[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const s = state as PresenceState;
        if (s.user && typeof s.user.name === "string")
          list.push({ clientId, state: s as Peer["state"], local: clientId === awareness.clientID });
      });
      list.sort((a, b) => Number(b.local) - Number(a.local) || a.state.user.name.localeCompare(b.state.user.name));
      setPeers(list);
    };
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [awareness]);
  return peers;
}
