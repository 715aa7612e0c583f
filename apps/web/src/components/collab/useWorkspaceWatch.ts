import { useSubscription } from "@trpc/tanstack-react-query";
import { useRef } from "react";
import { useTRPC } from "../../trpc.ts";

/** A run announced by `run.watchWorkspace`. */
export interface WatchedRun {
  runId: string;
  startedBy: { id: string; name: string };
  status: string;
}

/**
 * Everyone watching a workspace hears of each run started in it (the teacher ran the student's
 * code, or the student ran it while the teacher looks): `onRun` gets each active run once.
 */
export function useWorkspaceRunWatch(workspaceId: string, enabled: boolean, onRun: (run: WatchedRun) => void) {
  const trpc = useTRPC();
  const onRunRef = useRef(onRun);
  onRunRef.current = onRun;
  useSubscription(
    trpc.run.watchWorkspace.subscriptionOptions(
      { workspaceId },
      {
        enabled,
        onData: (run) => {
          if (run.status !== "finished") onRunRef.current(run);
        },
      },
    ),
  );
}
