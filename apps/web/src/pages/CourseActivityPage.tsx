import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Button, Stack } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ActivityDashboard } from "../components/activity/ActivityDashboard.tsx";
import { RangePicker } from "../components/activity/RangePicker.tsx";
import { useActivityRange } from "../components/activity/useActivityRange.ts";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorCode, errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

/** One course's activity over a date range (its instructors and TAs, and administrators). */
export function CourseActivityPage() {
  const { courseId = "" } = useParams();
  const trpc = useTRPC();
  const detail = useQuery(trpc.course.get.queryOptions({ courseId }));
  const { range, setRange, timeZone } = useActivityRange();
  const query = { courseId, ...range, timeZone };
  const canSee = detail.data?.canSeeRoster ?? false;
  const activity = useQuery({ ...trpc.activity.course.queryOptions(query), enabled: canSee, placeholderData: keepPreviousData });
  usePageTitle(detail.data ? `Activity · ${detail.data.course.code}` : "Activity");

  if (detail.isPending) return <LoadingState label="Loading the course…" />;
  if (detail.isError)
    return <CourseLoadError error={detail.error} onRetry={() => void detail.refetch()} title="Could not load this course" />;
  const { course } = detail.data;
  if (!canSee)
    return (
      <ErrorState
        headingOrder={1}
        title="Only the course's instructors and TAs can see its activity"
        message="Your own runs and edits are on the course's page and in your workspace."
        actions={
          <Button component={Link} to={`/courses/${course.id}`} size="xs" variant="default">
            Back to the course
          </Button>
        }
      />
    );

  return (
    <Stack gap="lg">
      <PageHeader
        title={`Activity: ${course.title}`}
        description={[course.code, course.term].filter(Boolean).join(" · ")}
        actions={
          <Button component={Link} to={`/courses/${course.id}`} variant="default">
            Back to the course
          </Button>
        }
      />
      <RangePicker value={range} timeZone={timeZone} onChange={setRange} />
      {activity.isPending ? (
        <LoadingState label="Counting the course's activity…" />
      ) : activity.isError && !activity.data ? (
        errorCode(activity.error) === "FORBIDDEN" || errorCode(activity.error) === "NOT_FOUND" ? (
          <CourseLoadError error={activity.error} courseId={course.id} title="Could not load the activity" />
        ) : (
          <ErrorState title="Could not load the activity" message={errorMessage(activity.error)} onRetry={() => void activity.refetch()} />
        )
      ) : activity.data ? (
        <ActivityDashboard data={activity.data} query={query} updating={activity.isPlaceholderData} />
      ) : null}
    </Stack>
  );
}
