import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../../trpc.ts";
import type { BreakoutsView, SessionDetail } from "./types.ts";

/** How often the session page reads the breakouts again, ms. */
const pollMs = 2000;

/**
 * The session's breakouts while the session is live: read every 2 s, at once after the reader's
 * own changes (`set`), and again the moment the timer runs out. The page reads them rather than
 * following `breakouts.events`: it already holds four event streams (chat, hands, reactions,
 * polls) and a group's workspace may run code (one more), and a browser keeps at most six
 * HTTP/1.1 connections per server, so one more stream would leave every other request waiting.
 */
export function useBreakouts(session: SessionDetail) {
  const trpc = useTRPC();
  const live = session.status === "live";
  const query = useQuery(trpc.breakouts.state.queryOptions({ sessionId: session.id }, { enabled: live, refetchInterval: pollMs }));
  const [mine, setMine] = useState<{ view: BreakoutsView; at: number } | null>(null);
  // The newest of the last read and the reader's own change.
  const view = mine && mine.at > query.dataUpdatedAt ? mine.view : (query.data ?? null);
  const endsAt = view?.breakout?.endsAt ? new Date(view.breakout.endsAt).getTime() : null;
  const { refetch } = query;
  useEffect(() => {
    if (endsAt === null) return;
    const timer = setTimeout(() => void refetch(), Math.max(0, endsAt - Date.now()) + 100);
    return () => clearTimeout(timer);
  }, [endsAt, refetch]);
  return { view: live ? view : null, set: (v: BreakoutsView) => setMine({ view: v, at: Date.now() }), error: query.error };
}
