import { LoadingState, PageHeader } from "@codeclass/ui";
import { Alert, Anchor, Button, Group, Stack } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { VideoNotConfigured } from "../components/live/VideoNotConfigured.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

// LiveKit's client and components load only when someone opens the video.
const LiveVideo = lazy(() => import("../components/live/LiveVideo.tsx"));

/** An office-hours call: the two-person room of an accepted request, with the session's video component. */
export function OfficeHoursCallPage() {
  const { courseId = "", requestId = "" } = useParams();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const state = useQuery({ ...trpc.officeHours.queue.queryOptions({ courseId }), refetchInterval: 10_000 });
  const end = useMutation(trpc.officeHours.end.mutationOptions({ onSuccess: () => navigate(`/courses/${courseId}`) }));
  usePageTitle("Office hours call");

  if (state.isPending) return <LoadingState label="Loading the call…" />;
  if (state.isError) return <CourseLoadError error={state.error} onRetry={() => void state.refetch()} title="Could not load this call" />;
  const view = state.data;
  const request = view.staff ? view.requests.find((r) => r.id === requestId) : view.mine?.id === requestId ? view.mine : undefined;
  const back = (
    <Anchor component={Link} to={`/courses/${courseId}`}>
      Back to the course
    </Anchor>
  );

  return (
    <Stack gap="lg">
      <PageHeader
        title={request ? `Office hours: ${request.topic}` : "Office hours"}
        description={request ? `${request.student.name} with ${request.acceptedBy?.name ?? "staff"}` : undefined}
        actions={
          <Group>
            {request?.status === "active" ? (
              <Button color="red" variant="light" loading={end.isPending} onClick={() => end.mutate({ requestId })}>
                End the call
              </Button>
            ) : null}
            {back}
          </Group>
        }
      />
      {end.error ? (
        <Alert color="red" role="alert" title="Could not end the call">
          {errorMessage(end.error)}
        </Alert>
      ) : null}
      {!request ? (
        <Alert color="gray" role="status" title="This call is not open">
          It has ended, was cancelled, or is not yours. Office hours are on the course page.
        </Alert>
      ) : request.status === "waiting" ? (
        <Alert color="blue" role="status" title="Not accepted yet">
          The call opens once a staff member accepts the request; this page updates by itself.
        </Alert>
      ) : !view.videoConfigured ? (
        <VideoNotConfigured staff={view.staff} />
      ) : (
        <Suspense fallback={<LoadingState label="Loading the video…" />}>
          <LiveVideo call={{ requestId }} />
        </Suspense>
      )}
    </Stack>
  );
}
