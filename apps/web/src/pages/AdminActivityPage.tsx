import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Stack } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ActivityDashboard } from "../components/activity/ActivityDashboard.tsx";
import { RangePicker } from "../components/activity/RangePicker.tsx";
import { useActivityRange } from "../components/activity/useActivityRange.ts";
import { useMe } from "../hooks/useMe.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

/** Every course's activity over a date range (administrators). */
export function AdminActivityPage() {
  usePageTitle("Activity");
  const me = useMe();
  const trpc = useTRPC();
  const { range, setRange, timeZone } = useActivityRange();
  const query = { ...range, timeZone };
  const isAdmin = me.data?.role === "admin";
  const activity = useQuery({ ...trpc.activity.platform.queryOptions(query), enabled: isAdmin, placeholderData: keepPreviousData });

  if (me.isPending) return <LoadingState label="Loading…" />;
  if (!isAdmin)
    return (
      <ErrorState
        headingOrder={1}
        title="Only administrators can see the platform's activity"
        message="Instructors and TAs find their course's activity on the course's page, under “Activity”."
      />
    );

  return (
    <Stack gap="lg">
      <PageHeader title="Activity" description="Every course: who worked, how much they ran and edited, and when." />
      <RangePicker value={range} timeZone={timeZone} onChange={setRange} />
      {activity.isPending ? (
        <LoadingState label="Counting the activity…" />
      ) : activity.isError && !activity.data ? (
        <ErrorState title="Could not load the activity" message={errorMessage(activity.error)} onRetry={() => void activity.refetch()} />
      ) : activity.data ? (
        <ActivityDashboard data={activity.data} query={query} updating={activity.isPlaceholderData} />
      ) : null}
    </Stack>
  );
}
