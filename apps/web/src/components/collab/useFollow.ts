import { useEffect, useState } from "react";
import type { Peer } from "./presence.ts";

export interface FollowOptions {
  /** Controlled by user id (the review panel's switch) when `onChange` is given; else local. */
  userId?: string | null;
  onChange?: (userId: string | null) => void;
  paths: readonly string[];
  activePath: string | null;
  setActivePath: (path: string) => void;
}

/**
 * Follow mode: the followed person's open file (awareness `file`) becomes ours, and their
 * selection head is returned for the editor to keep in view.
 */
export function useFollow(peers: readonly Peer[], { userId, onChange, paths, activePath, setActivePath }: FollowOptions) {
  const [local, setLocal] = useState<number | null>(null);
  const controlled = onChange !== undefined;
  const following = controlled ? (peers.find((p) => !p.local && p.state.user.id === userId)?.clientId ?? null) : local;
  const setFollowing = (clientId: number | null) => {
    if (!controlled) setLocal(clientId);
    else onChange(clientId === null ? null : (peers.find((p) => p.clientId === clientId)?.state.user.id ?? null));
  };
  const followed = following === null ? undefined : peers.find((p) => p.clientId === following);
  const followedFile = followed?.state.file ?? null;
  useEffect(() => {
    if (followedFile && paths.includes(followedFile)) setActivePath(followedFile);
  }, [followedFile, paths, setActivePath]);
  const head = followed && followedFile === activePath ? (followed.state.selection?.head ?? null) : null;
  return { following, setFollowing, followed, controlled, head };
}
