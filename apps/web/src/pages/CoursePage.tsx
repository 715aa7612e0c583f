import { LoadingState, PageHeader, RoleBadge } from "@codeclass/ui";
import { Alert, Badge, Button, Divider, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link, useParams } from "react-router";
import { AssignmentsSection } from "../components/assignment/AssignmentsSection.tsx";
import { ArchiveCourseButton } from "../components/course/ArchiveCourseButton.tsx";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { RosterSection } from "../components/course/RosterSection.tsx";
import { InviteSection } from "../components/invite/InviteSection.tsx";
import { OfficeHoursPanel } from "../components/live/OfficeHoursPanel.tsx";
import { SessionsSection } from "../components/live/SessionsSection.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { formatDate } from "../lib/format.ts";
import { useTRPC } from "../trpc.ts";

export function CoursePage() {
  const { courseId = "" } = useParams();
  const trpc = useTRPC();
  const detail = useQuery(trpc.course.get.queryOptions({ courseId }));
  const aboutId = useId();
  usePageTitle(detail.data ? `${detail.data.course.code} ${detail.data.course.title}` : "Course");

  if (detail.isPending) return <LoadingState label="Loading the course…" />;
  if (detail.isError)
    return <CourseLoadError error={detail.error} onRetry={() => void detail.refetch()} title="Could not load this course" />;

  const { course, myRole, canManage, canSeeRoster } = detail.data;
  return (
    <Stack gap="xl">
      <div>
        <PageHeader
          title={course.title}
          description={[course.code, course.term].filter(Boolean).join(" · ")}
          badges={
            <>
              {myRole ? <RoleBadge role={myRole} size="lg" /> : null}
              {course.archivedAt ? (
                <Badge variant="outline" color="gray" size="lg">
                  Archived
                </Badge>
              ) : null}
            </>
          }
          actions={
            <>
              <Button component={Link} to={`/courses/${course.id}/workspace`}>
                Open workspace
              </Button>
              {canSeeRoster ? (
                <Button component={Link} to={`/courses/${course.id}/review`} variant="light">
                  Review students
                </Button>
              ) : null}
              {canSeeRoster ? (
                <Button component={Link} to={`/courses/${course.id}/activity`} variant="default">
                  Activity
                </Button>
              ) : null}
              <Button component={Link} to={`/courses/${course.id}/run`} variant="default">
                Run code
              </Button>
              {canManage ? (
                <>
                  <Button component={Link} to={`/courses/${course.id}/edit`} variant="default">
                    Edit course
                  </Button>
                  <ArchiveCourseButton course={course} />
                </>
              ) : null}
            </>
          }
        />
        {course.archivedAt ? (
          <Alert color="yellow" title="This course is archived" mb="md">
            It was archived on {formatDate(course.archivedAt)}. It is hidden from My courses and its roster cannot change
            {canManage ? " until you restore it." : "."}
          </Alert>
        ) : null}
        <Stack component="section" gap="xs" aria-labelledby={aboutId}>
          <Title order={2} size="h3" id={aboutId}>
            About
          </Title>
          {course.description ? (
            <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{course.description}</Text>
          ) : (
            <Text c="dimmed">{canManage ? "No description yet. Use “Edit course” to add one." : "No description yet."}</Text>
          )}
        </Stack>
      </div>
      <AssignmentsSection courseId={course.id} staff={canSeeRoster} canCreate={canSeeRoster && !course.archivedAt} />
      <SessionsSection courseId={course.id} canRun={canSeeRoster && !course.archivedAt} />
      {myRole === "student" || canSeeRoster ? <OfficeHoursPanel courseId={course.id} /> : null}
      {canSeeRoster ? (
        <>
          <Divider />
          <InviteSection course={course} canManage={canManage} />
          <Divider />
          <RosterSection course={course} canManage={canManage} />
        </>
      ) : null}
    </Stack>
  );
}
