import { useRef, useState } from "react";
import type { RunLanguage } from "../run/files.ts";
import type { RunTerminalHandle } from "../run/RunTerminal.tsx";
import { activePhases, useRun } from "../run/useRun.ts";
import type { CollabConnection } from "./connection.ts";
import { whenSaved } from "./whenSaved.ts";

/**
 * Runs a stored workspace (`run.start` with `workspaceId`): the server takes the files from the
 * document, so the run waits until every local change is acknowledged.
 */
export function useWorkspaceRun(courseId: string, workspaceId: string, conn: CollabConnection, canRun: boolean) {
  const terminalRef = useRef<RunTerminalHandle>(null);
  const runner = useRun(courseId, terminalRef);
  const [checkError, setCheckError] = useState<string | null>(null);
  const run = (language: RunLanguage | null, title: string, fileCount: number, onStarted?: () => void) => {
    if (!canRun || activePhases.includes(runner.phase)) return;
    setCheckError(null);
    runner.clearStartError();
    if (fileCount === 0) {
      setCheckError("There are no files to run. Add one with New file.");
      return;
    }
    whenSaved(conn).then(
      () => {
        runner.run({ workspaceId, ...(language ? { language: language.id } : {}), title: `${title} · ${language?.name ?? "run"}` });
        onStarted?.();
      },
      (e: Error) => setCheckError(e.message),
    );
  };
  return {
    runner,
    terminalRef,
    run,
    error: checkError ?? runner.startError,
    clearError: () => {
      setCheckError(null);
      runner.clearStartError();
    },
  };
}
