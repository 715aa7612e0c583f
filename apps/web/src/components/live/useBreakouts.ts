import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "../../trpc.ts";
import type { BreakoutsView, SessionDetail } from "./types.ts";

/**
 * The session's breakouts, live (`breakouts.events`) while the session is live; `set` takes a
 * mutation's answer at once. Null until the first view arrives.
 */
export function useBreakouts(session: SessionDetail) {
  const trpc = useTRPC();
  const [view, setView] = useState<BreakoutsView | null>(null);
  const live = session.status === "live";
  const sub = useSubscription(trpc.breakouts.events.subscriptionOptions({ sessionId: session.id }, { enabled: live, onData: setView }));
  return { view: live ? view : null, set: setView, error: sub.error };
}
