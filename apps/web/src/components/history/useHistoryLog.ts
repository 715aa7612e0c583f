import { useEffect, useRef, useState } from "react";
import type { HistoryUpdate } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPCClient } from "../../trpc.ts";
import { fromBase64, Replayer } from "./replay.ts";

/** A step of the log without its bytes (those live in the Replayer). */
export type HistoryStep = Omit<HistoryUpdate, "update">;

/** Loads a workspace's whole edit log, a page at a time, into a Replayer; steps appear as pages arrive. */
export function useHistoryLog(workspaceId: string) {
  const client = useTRPCClient();
  const replayer = useRef(new Replayer());
  const [steps, setSteps] = useState<HistoryStep[]>([]);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const r = new Replayer();
    replayer.current = r;
    setSteps([]);
    setDone(false);
    setError(null);
    void (async () => {
      let afterId: number | undefined;
      try {
        for (;;) {
          const page = await client.workspace.history.query({ workspaceId, afterId, limit: 500 });
          if (cancelled) return;
          r.append(page.updates.map((u) => fromBase64(u.update)));
          setSteps((prev) => [...prev, ...page.updates.map(({ update: _bytes, ...step }) => step)]);
          if (page.nextAfterId === null) break;
          afterId = page.nextAfterId;
        }
        setDone(true);
      } catch (e) {
        if (!cancelled) setError(errorMessage(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client, workspaceId, attempt]);

  return { replayer: replayer.current, steps, done, error, retry: () => setAttempt((a) => a + 1) };
}
