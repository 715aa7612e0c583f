import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { RelativePosition } from "yjs";
import { relativePosition } from "./remoteData.ts";

/** Who a client is, as it publishes itself in awareness (docs/collab.md, "Awareness"). */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
  role: string;
}

/** One client's awareness state: its user, open file, last keystroke and its selection in that file. */
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

const colorPattern = /^#[0-9a-f]{6}$/i;

function readUser(value: unknown): PresenceUser | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { id, name, color, role } = value as Record<string, unknown>;
  if (typeof id !== "string" || !id || typeof name !== "string") return undefined;
  return {
    id,
    name: name.trim() ? name.slice(0, 200) : "Someone",
    color: typeof color === "string" && colorPattern.test(color) ? color : colorFor(id),
    role: typeof role === "string" ? role : "member",
  };
}

function readSelection(value: unknown): PresenceState["selection"] {
  if (typeof value !== "object" || value === null) return null;
  const { anchor, head } = value as Record<string, unknown>;
  const a = relativePosition(anchor);
  const h = relativePosition(head);
  return a && h ? { anchor: a, head: h } : null;
}

// Read once per state object (awareness replaces a client's state object on every change), so
// an unchanged state reads as the same object.
const read = new WeakMap<object, PresenceState>();

/**
 * A client's awareness state with every field type-checked: remote states may hold anything
 * (docs/collab.md, "Awareness"); a field of the wrong type reads as absent.
 */
export function readPresence(raw: unknown): PresenceState {
  if (typeof raw !== "object" || raw === null) return {};
  const cached = read.get(raw);
  if (cached) return cached;
  const r = raw as Record<string, unknown>;
  const state: PresenceState = {
    user: readUser(r.user),
    file: typeof r.file === "string" ? r.file : null,
    typingAt: typeof r.typingAt === "number" && Number.isFinite(r.typingAt) ? r.typingAt : null,
    selection: readSelection(r.selection),
  };
  read.set(raw, state);
  return state;
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
      awareness.getStates().forEach((raw, clientId) => {
        const s = readPresence(raw);
        if (s.user) list.push({ clientId, state: s as Peer["state"], local: clientId === awareness.clientID });
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
