import { LoadingState } from "@codeclass/ui";
import { Alert, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc.ts";
import { DemoBeside } from "../collab/DemoBeside.tsx";
import { useCollabConnection } from "../collab/useCollab.ts";
import { SendFileButton } from "./SendFileButton.tsx";
import type { SessionDetail } from "./types.ts";

/** The instructor's demo workspace beside the video: live, read-only for students; staff send one of its files to the class. */
export function SessionCode({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const demo = useQuery({
    ...trpc.workspace.getOrCreateDemo.queryOptions({ courseId: session.courseId }),
    refetchInterval: (q) => (q.state.data ? false : 10_000),
  });
  const conn = useCollabConnection(demo.data?.documentName ?? null);
  if (demo.isPending) return <LoadingState label="Loading the demo…" />;
  if (demo.isError)
    return (
      <Alert color="red" title="Could not load the demo">
        {demo.error.message}
      </Alert>
    );
  if (!demo.data)
    return (
      <Alert color="blue" title="No demo yet" role="status">
        The instructor has not opened the course demo yet; it appears here when they do.
      </Alert>
    );
  return (
    <Stack gap="xs">
      {session.staff && session.status !== "ended" ? <SendFileButton session={session} demo={{ id: demo.data.id, conn }} /> : null}
      <div style={{ height: 480 }}>{conn ? <DemoBeside conn={conn} readOnly={demo.data.readOnly} /> : null}</div>
    </Stack>
  );
}
