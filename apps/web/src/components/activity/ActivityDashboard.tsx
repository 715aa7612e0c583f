import { EmptyState } from "@codeclass/ui";
import { Card, Group, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import { weekdayName } from "./activityRange.ts";
import { type ActivityQuery, ChartCard } from "./ChartCard.tsx";
import { ActiveStudentsChart, BusiestHoursChart, EditsChart, StackedRunsChart, verdictLabel } from "./charts.tsx";
import type { ActivityData, StackedSeries } from "./types.ts";

export interface ActivityDashboardProps {
  data: ActivityData;
  query: ActivityQuery;
  /** A newer range is loading: the charts shown are the previous range's. */
  updating: boolean;
}

function Total({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value.toLocaleString()}
      </Text>
    </Card>
  );
}

const peak = <T,>(rows: T[], value: (r: T) => number) =>
  rows.reduce<T | null>((best, r) => (!best || value(r) > value(best) ? r : best), null);

function stackedSummary(what: string, series: StackedSeries, label: (k: string) => string) {
  const totals = series.keys.map((k) => [label(k), series.rows.reduce((n, r) => n + (r.counts[k] ?? 0), 0)] as const);
  return `${what}: ${totals.map(([k, n]) => `${k} ${n}`).join(", ")}.`;
}

/** The activity charts of one range, platform-wide or for one course. */
export function ActivityDashboard({ data, query, updating }: ActivityDashboardProps) {
  const range = `${data.range.from} to ${data.range.to}`;
  const busiestDay = peak(data.activeStudents, (r) => r.students);
  const busiestHour = peak(data.busiestHours, (c) => c.runs + c.edits);
  const noRuns = data.totals.runs === 0;
  const nothing = (title: string, description: string) => <EmptyState title={title} description={description} />;
  const widen = "Choose a wider range, or come back once students have worked in it.";

  return (
    <Stack gap="md">
      {updating ? <Progress value={100} striped animated size="sm" aria-label="Loading the new range" /> : null}
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Total label="Active students" value={data.totals.activeStudents} />
        <Total label="Runs" value={data.totals.runs} />
        <Total label="Edits" value={data.totals.edits} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ChartCard
          chart="activeStudents"
          title="Active students per day"
          description="Students who ran or edited code that day."
          query={query}
          summary={
            busiestDay && busiestDay.students > 0
              ? `Active students per day, ${range}: at most ${busiestDay.students}, on ${busiestDay.day}; ${data.totals.activeStudents} different students in all.`
              : `No active students from ${range}.`
          }
          empty={data.totals.activeStudents === 0 ? nothing("No active students in these days", widen) : null}
        >
          <ActiveStudentsChart data={data.activeStudents} />
        </ChartCard>
        <ChartCard
          chart="edits"
          title="Edits per day"
          description="Changes saved to students' and demo workspaces (a burst of typing is several)."
          query={query}
          summary={`Edits per day, ${range}: ${data.totals.edits} in all.`}
          empty={data.totals.edits === 0 ? nothing("No edits in these days", widen) : null}
        >
          <EditsChart data={data.edits} />
        </ChartCard>
        <ChartCard
          chart="runsByLanguage"
          title="Runs per day by language"
          description="Every run, stacked by its language."
          query={query}
          summary={stackedSummary(`Runs by language, ${range}`, data.runsByLanguage, (k) => k)}
          empty={noRuns ? nothing("No runs in these days", widen) : null}
        >
          <StackedRunsChart series={data.runsByLanguage} kind="language" />
        </ChartCard>
        <ChartCard
          chart="runsByVerdict"
          title="Runs per day by verdict"
          description="How each run ended; “Not finished” runs are queued or still running."
          query={query}
          summary={stackedSummary(`Runs by verdict, ${range}`, data.runsByVerdict, verdictLabel)}
          empty={noRuns ? nothing("No runs in these days", widen) : null}
        >
          <StackedRunsChart series={data.runsByVerdict} kind="verdict" />
        </ChartCard>
      </SimpleGrid>
      <ChartCard
        chart="busiestHours"
        title="Busiest hours"
        description="Runs and edits in each hour of each weekday over the range; darker is busier."
        query={query}
        summary={
          busiestHour && busiestHour.runs + busiestHour.edits > 0
            ? `Busiest hour, ${range}: ${weekdayName(busiestHour.weekday)} ${busiestHour.hour}:00, with ${busiestHour.runs} runs and ${busiestHour.edits} edits.`
            : `No runs or edits from ${range}.`
        }
        empty={noRuns && data.totals.edits === 0 ? nothing("No runs or edits in these days", widen) : null}
      >
        <BusiestHoursChart data={data.busiestHours} />
      </ChartCard>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ChartCard
          chart="submissions"
          title="Submissions per day"
          description="Submitted answers to assignments."
          query={query}
          summary="No submissions yet."
          empty={nothing("Comes with assignments", "Submissions are counted here once courses have assignments.")}
        >
          {null}
        </ChartCard>
        <ChartCard
          chart="attendance"
          title="Attendance per day"
          description="Students who joined a live lecture."
          query={query}
          summary="No attendance yet."
          empty={nothing("Comes with live sessions", "Attendance is counted here once courses hold live sessions.")}
        >
          {null}
        </ChartCard>
      </SimpleGrid>
      <Group>
        <Text size="xs" c="dimmed">
          Times are in {data.range.timeZone}.
        </Text>
      </Group>
    </Stack>
  );
}
