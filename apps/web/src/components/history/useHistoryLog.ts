import { useCallback, useEffect, useRef, useState } from "react";
import type { HistoryUpdate } from "../../api-types.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPCClient } from "../../trpc.ts";
import { fromBase64, Replayer } from "./replay.ts";

/** A step of the log without its bytes (those live in the Replayer). */
export type HistoryStep = Omit<HistoryUpdate, "update">;

/**
 * Loads a workspace's whole edit log, a page at a time, into a Replayer; steps appear as pages
 * arrive. `loadNewer` fetches the steps saved since (after a restore, or as others edit).
 */
export function useHistoryLog(workspaceId: string) {
  const client = useTRPCClient();
  const replayer = useRef(new Replayer());
  const [steps, setSteps] = useState<HistoryStep[]>([]);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The newest id loaded, and the load under way (pages are appended in order, one load at a time).
  const lastId = useRef<number | undefined>(undefined);
  const loading = useRef<Promise<void>>(Promise.resolve());
  const generation = useRef(0);

  const loadFrom = useCallback(
    (r: Replayer, gen: number) => {
      const next = loading.current.then(async () => {
        let afterId = lastId.current;
        for (;;) {
          const page = await client.workspace.history.query({ workspaceId, afterId, limit: 500 });
          if (gen !== generation.current) return;
          r.append(page.updates.map((u) => fromBase64(u.update)));
          const last = page.updates.at(-1);
          if (last) lastId.current = last.id;
          if (page.updates.length) setSteps((prev) => [...prev, ...page.updates.map(({ update: _bytes, ...step }) => step)]);
          if (page.nextAfterId === null) break;
          afterId = page.nextAfterId;
        }
      });
      loading.current = next.catch(() => {});
      return next;
    },
    [client, workspaceId],
  );

  useEffect(() => {
    const gen = ++generation.current;
    const r = new Replayer();
    replayer.current = r;
    lastId.current = undefined;
    loading.current = Promise.resolve();
    setSteps([]);
    setDone(false);
    setError(null);
    loadFrom(r, gen).then(
      () => gen === generation.current && setDone(true),
      (e: unknown) => gen === generation.current && setError(errorMessage(e)),
    );
    return () => {
      generation.current++;
    };
  }, [loadFrom, attempt]);

  /** Fetches the steps saved since the last load; resolves when they are in `steps`. */
  const loadNewer = useCallback(() => loadFrom(replayer.current, generation.current), [loadFrom]);

  return { replayer: replayer.current, steps, done, error, retry: () => setAttempt((a) => a + 1), loadNewer };
}
