import { LoadingState } from "@codeclass/ui";
import { Alert, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { SubmissionLive } from "../components/assignment/SubmissionLive.tsx";
import { useCollabConnection } from "../components/collab/useCollab.ts";
import { usePresenceMe } from "../components/collab/usePresenceMe.ts";
import { WorkspaceIde } from "../components/collab/WorkspaceIde.tsx";
import { whenSaved } from "../components/collab/whenSaved.ts";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { WorkbenchFrame } from "../components/workbench/Workbench.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

/**
 * /courses/:courseId/assignments/:assignmentId/workspace[/:workspaceId] — an assignment workspace
 * (the student's own, or, for staff from the review view, a student's): the collaborative IDE,
 * with Submit and the results streamed in a side tab.
 */
export function AssignmentWorkspacePage() {
  const { courseId = "", assignmentId = "", workspaceId } = useParams();
  const trpc = useTRPC();
  const course = useQuery(trpc.course.get.queryOptions({ courseId }));
  const languages = useQuery(trpc.run.languages.queryOptions());
  const assignment = useQuery(trpc.assignment.get.queryOptions({ assignmentId }));
  const own = useQuery(
    trpc.assignment.workspace.queryOptions({ assignmentId }, { enabled: !workspaceId, staleTime: Number.POSITIVE_INFINITY }),
  );
  const other = useQuery(trpc.workspace.get.queryOptions({ workspaceId: workspaceId ?? "" }, { enabled: Boolean(workspaceId) }));
  const ws = workspaceId ? other : own;
  usePageTitle(assignment.data ? `Workspace · ${assignment.data.title}` : "Assignment workspace");
  const failed = [course, languages, assignment, ws].find((q) => q.isError);
  if (failed?.isError)
    return (
      <CourseLoadError
        error={failed.error}
        courseId={courseId}
        onRetry={() => void failed.refetch()}
        title="Could not open the workspace"
      />
    );
  if (!course.data || !languages.data || !assignment.data || !ws.data) return <LoadingState label="Opening the workspace…" />;
  return (
    <WorkbenchFrame>
      <Ide
        courseId={courseId}
        assignmentId={assignmentId}
        title={assignment.data.title}
        myRole={course.data.myRole}
        staff={course.data.canSeeRoster}
        workspace={ws.data}
        languages={languages.data}
        canSubmit={!workspaceId && !assignment.data.staff}
      />
    </WorkbenchFrame>
  );
}

interface IdeProps {
  courseId: string;
  assignmentId: string;
  title: string;
  myRole: Parameters<typeof usePresenceMe>[0];
  staff: boolean;
  workspace: { id: string; documentName: string; readOnly: boolean; owner: { name: string } | null };
  languages: { languages: Parameters<typeof WorkspaceIde>[0]["languages"]; available: boolean; unavailableReason: string | null };
  canSubmit: boolean;
}

function Ide({ courseId, assignmentId, title, myRole, staff, workspace, languages, canSubmit }: IdeProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = usePresenceMe(myRole);
  const conn = useCollabConnection(workspace.documentName);
  const [submissionId, setSubmissionId] = useState<string | null>(null);
  const submit = useMutation(
    trpc.assignment.submit.mutationOptions({
      onSuccess: (r) => {
        setSubmissionId(r.submissionId);
        void queryClient.invalidateQueries({ queryKey: trpc.assignment.pathKey() });
      },
    }),
  );
  if (!me || !conn) return <LoadingState label="Connecting…" />;
  const results = (
    <Stack gap="xs">
      {submit.error ? <Alert color="red">{errorMessage(submit.error)}</Alert> : null}
      {submissionId ? (
        <SubmissionLive submissionId={submissionId} />
      ) : (
        <Text size="sm">Submit to see each test's result here as it finishes.</Text>
      )}
    </Stack>
  );
  return (
    <Stack gap={0} h="100%">
      <Group gap="sm" px="sm" py={4} wrap="nowrap" style={{ borderBottom: "1px solid var(--mantine-color-default-border)", flex: "none" }}>
        <Title order={1} size="h5" style={{ whiteSpace: "nowrap" }}>
          {title}
          {workspace.owner && staff ? ` · ${workspace.owner.name}` : ""}
        </Title>
        {canSubmit ? (
          <Button
            size="compact-sm"
            loading={submit.isPending}
            onClick={async () => {
              // Submit what the server has: wait until every edit made here is acknowledged.
              await whenSaved(conn).catch(() => {});
              submit.mutate({ assignmentId });
            }}
          >
            Submit
          </Button>
        ) : null}
        <Button component={Link} to={`/courses/${courseId}/assignments/${assignmentId}`} size="compact-xs" variant="subtle" ml="auto">
          Back to the assignment
        </Button>
      </Group>
      <div style={{ flex: 1, minHeight: 0 }}>
        <WorkspaceIde
          courseId={courseId}
          workspaceId={workspace.id}
          conn={conn}
          me={me}
          title={title}
          languages={languages.languages}
          sandboxAvailable={languages.available}
          unavailableReason={languages.unavailableReason}
          readOnly={workspace.readOnly}
          canComment={staff}
          layoutId="assignment"
          side={[{ id: "results", label: "Results", content: results }]}
          reveal={submissionId ? { side: "results", key: submissionId } : null}
        />
      </div>
    </Stack>
  );
}
