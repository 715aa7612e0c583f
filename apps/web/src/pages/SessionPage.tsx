import { LoadingState, PageHeader } from "@codeclass/ui";
import { Alert, Anchor, Divider, Stack, Tabs } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { AttendanceTable } from "../components/live/AttendanceTable.tsx";
import { BreakoutsPanel } from "../components/live/BreakoutsPanel.tsx";
import { DashboardPanel } from "../components/live/DashboardPanel.tsx";
import { formatWhen } from "../components/live/format.ts";
import { RecordingsPanel } from "../components/live/RecordingsPanel.tsx";
import { SessionClassroom } from "../components/live/SessionClassroom.tsx";
import { SessionStatusBadge } from "../components/live/SessionStatusBadge.tsx";
import { SessionWorkArea } from "../components/live/SessionWorkArea.tsx";
import { StaffControls } from "../components/live/StaffControls.tsx";
import type { SessionDetail } from "../components/live/types.ts";
import { useBreakouts } from "../components/live/useBreakouts.ts";
import { VideoNotConfigured } from "../components/live/VideoNotConfigured.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTRPC } from "../trpc.ts";

// LiveKit's client and components load only when someone opens the video.
const LiveVideo = lazy(() => import("../components/live/LiveVideo.tsx"));

/** A live session: its status, the video (LiveKit) while live, and staff controls and attendance. */
export function SessionPage() {
  const { courseId = "", sessionId = "" } = useParams();
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.session.get.queryOptions({ sessionId }), refetchInterval: 10_000 });
  usePageTitle(detail.data ? `${detail.data.title} · ${detail.data.course.code}` : "Live session");

  if (detail.isPending) return <LoadingState label="Loading the session…" />;
  if (detail.isError)
    return <CourseLoadError error={detail.error} onRetry={() => void detail.refetch()} title="Could not load this session" />;

  return <SessionView session={detail.data} courseId={courseId} />;
}

/**
 * The page once the session is loaded. During breakouts a student's video is their group's
 * room; staff stay in the main room unless they visit a group.
 */
function SessionView({ session, courseId }: { session: SessionDetail; courseId: string }) {
  const breakouts = useBreakouts(session);
  const [visiting, setVisiting] = useState<string | null>(null);
  const open = breakouts.view?.breakout ?? null;
  const groups = open?.groups ?? [];
  const videoGroup = session.staff
    ? (groups.find((g) => g.id === visiting) ?? null)
    : (groups.find((g) => g.id === open?.myGroupId) ?? null);
  return (
    <Stack gap="lg">
      <PageHeader
        title={session.title}
        description={`${session.course.code} · ${formatWhen(session.startsAt)} · ${session.durationMinutes} min`}
        badges={<SessionStatusBadge status={session.status} />}
        actions={
          <Anchor component={Link} to={`/courses/${courseId}`}>
            Back to {session.course.code}
          </Anchor>
        }
      />
      {session.staff ? <StaffControls session={session} /> : null}
      {session.status === "scheduled" ? (
        <Alert color="blue" title="Not started yet" role="status">
          It is scheduled for {formatWhen(session.startsAt)}.{" "}
          {session.staff ? "Start it when you are ready; members can join from then on." : "This page updates when staff start it."}
        </Alert>
      ) : session.status === "ended" ? (
        <Alert color="gray" title="This session has ended" role="status">
          {session.endedAt ? `It ended at ${formatWhen(session.endedAt)}.` : null} Check the course page for the next one.
        </Alert>
      ) : !session.videoConfigured ? (
        <VideoNotConfigured staff={session.staff} />
      ) : (
        <Suspense fallback={<LoadingState label="Loading the video…" />}>
          <LiveVideo key={videoGroup?.id ?? "main"} session={session} group={videoGroup} />
        </Suspense>
      )}
      <SessionWorkArea session={session} />
      <RecordingsPanel session={session} />
      <BreakoutsPanel session={session} view={breakouts.view} onView={breakouts.set} visiting={visiting} onVisit={setVisiting} />
      {session.staff ? (
        <Tabs defaultValue="classroom" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="classroom">Classroom</Tabs.Tab>
            <Tabs.Tab value="dashboard">Dashboard</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="classroom" pt="sm">
            <Stack gap="lg">
              <SessionClassroom session={session} />
              <Divider />
              <AttendanceTable sessionId={session.id} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="dashboard" pt="sm">
            <DashboardPanel sessionId={session.id} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <SessionClassroom session={session} />
      )}
    </Stack>
  );
}
