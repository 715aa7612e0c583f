import { LoadingState } from "@codeclass/ui";
import { Alert } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc.ts";
import { useCollabConnection } from "../collab/useCollab.ts";
import { usePresenceMe } from "../collab/usePresenceMe.ts";
import { WorkspaceIde } from "../collab/WorkspaceIde.tsx";
import type { BreakoutGroup, SessionDetail } from "./types.ts";

/** A breakout group's shared workspace as a full workbench (files, editor, run), live over /collab. */
export function GroupWorkspace({ session, group }: { session: SessionDetail; group: BreakoutGroup }) {
  const trpc = useTRPC();
  const languages = useQuery(trpc.run.languages.queryOptions());
  const me = usePresenceMe(session.myRole ?? (session.staff ? "admin" : "student"));
  const conn = useCollabConnection(group.documentName);
  if (languages.isError)
    return (
      <Alert color="red" role="alert" title="Could not load the languages">
        Reload the page to open the group’s workspace.
      </Alert>
    );
  if (!languages.data || !me || !conn) return <LoadingState label="Opening the group’s workspace…" />;
  return (
    <div style={{ height: "70vh", border: "1px solid var(--mantine-color-default-border)", borderRadius: 8, overflow: "hidden" }}>
      <WorkspaceIde
        key={group.documentName}
        courseId={session.courseId}
        workspaceId={group.workspaceId}
        conn={conn}
        me={me}
        title={`Group ${group.number} workspace`}
        languages={languages.data.languages}
        sandboxAvailable={languages.data.available}
        unavailableReason={languages.data.unavailableReason}
        readOnly={false}
        canComment={session.staff}
        layoutId="breakout"
        watchRuns={false}
      />
    </div>
  );
}
