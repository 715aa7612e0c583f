import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Button, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useCollabConnection } from "../components/collab/useCollab.ts";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { HistoryView } from "../components/history/HistoryView.tsx";
import { RestoreButton } from "../components/history/RestoreButton.tsx";
import { useHistoryLog } from "../components/history/useHistoryLog.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTRPC } from "../trpc.ts";

/** /courses/:courseId/workspaces/:workspaceId/history — play a workspace's edits, and restore a version. */
export function HistoryPage() {
  const { courseId = "", workspaceId = "" } = useParams();
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspace.get.queryOptions({ workspaceId }));
  const log = useHistoryLog(workspaceId);
  const owner = workspace.data?.kind === "demo" ? "Instructor demo" : (workspace.data?.owner?.name ?? "Workspace");
  usePageTitle(`History · ${owner}`);
  // Whoever may edit the workspace may restore: the live document is opened for them only.
  const writable = workspace.data && !workspace.data.readOnly ? workspace.data.documentName : null;
  const conn = useCollabConnection(writable);
  const { loadNewer } = log;
  // Edits saved while the page is open (by anyone, the restore included) join the history.
  useEffect(() => {
    if (!conn) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== conn.provider || !conn.provider.isSynced) return;
      timer ??= setTimeout(() => {
        timer = null;
        void loadNewer().catch(() => {});
      }, 1_500);
    };
    conn.doc.on("update", onUpdate);
    return () => {
      conn.doc.off("update", onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [conn, loadNewer]);
  const navigate = useNavigate();
  // Back where the reader came from (the workspace or the review panel), else to the course.
  const cameFromApp = ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;
  const back = cameFromApp ? (
    <Button onClick={() => navigate(-1)} size="xs" variant="default">
      Back
    </Button>
  ) : (
    <Button component={Link} to={`/courses/${courseId}`} size="xs" variant="default">
      Back to the course
    </Button>
  );
  if (workspace.isError)
    return (
      <CourseLoadError
        error={workspace.error}
        courseId={courseId}
        title="Could not load the history"
        forbiddenTitle="You cannot see this workspace"
        forbiddenHint="Only its owner and the course’s instructors and TAs can."
        notFound={{ title: "Workspace not found", message: "No workspace has this address. The link may be mistyped." }}
      />
    );
  return (
    <Stack gap="md">
      <PageHeader
        title={`History: ${owner}`}
        description={
          writable
            ? "Every saved change, oldest first. Play it back, or restore a version: the restore is a new change, so nothing is lost."
            : "Every saved change, oldest first. Play it back step by step."
        }
        actions={back}
      />
      {log.error ? (
        <ErrorState title="Could not load the history" message={log.error} onRetry={log.retry} />
      ) : log.steps.length === 0 && !log.done ? (
        <LoadingState label="Loading the history…" />
      ) : (
        <HistoryView
          replayer={log.replayer}
          steps={log.steps}
          done={log.done}
          actions={
            writable
              ? (shown) => (
                  <RestoreButton
                    conn={conn}
                    shown={shown}
                    onRestored={async () => {
                      await loadNewer();
                      shown.showNewest();
                    }}
                  />
                )
              : undefined
          }
        />
      )}
    </Stack>
  );
}
