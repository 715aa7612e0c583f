import { EmptyState, ErrorState, LoadingState, RoleBadge } from "@codeclass/ui";
import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { formatDateTime } from "../run/runFormat.ts";
import { MyRunsTable } from "./MyRunsTable.tsx";
import { useLanguageNames } from "./useLanguageNames.ts";

type Course = { id: string; code: string; title: string; term: string | null; role: "instructor" | "ta" | "student"; archived: boolean };

function CourseList({ title, courses, empty }: { title: string; courses: Course[]; empty: string }) {
  const id = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="sm">
        {title} ({courses.length})
      </Title>
      {courses.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <List spacing="xs" listStyleType="none">
          {courses.map((c) => (
            <List.Item key={c.id}>
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/courses/${c.id}`} size="sm" fw={500}>
                  {c.code} · {c.title}
                </Anchor>
                {c.role === "ta" ? <RoleBadge role={c.role} size="sm" /> : null}
                {c.archived ? (
                  <Badge size="sm" color="gray" variant="outline">
                    Archived
                  </Badge>
                ) : null}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

/** My page's first tab: the courses I take and teach, upcoming live sessions, my latest runs. */
export function DashboardPanel() {
  const trpc = useTRPC();
  const dashboard = useQuery(trpc.me.dashboard.queryOptions());
  const languages = useLanguageNames();
  const sessionsId = useId();
  const runsId = useId();

  if (dashboard.isPending) return <LoadingState label="Loading your dashboard…" />;
  if (dashboard.isError)
    return (
      <ErrorState title="Could not load your dashboard" message={errorMessage(dashboard.error)} onRetry={() => void dashboard.refetch()} />
    );
  const d = dashboard.data;

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <CourseList
          title="Courses I take"
          courses={d.taking}
          empty="You are not enrolled as a student in any course. Ask your instructor for a join code."
        />
        <CourseList title="Courses I teach" courses={d.teaching} empty="You do not teach or assist in any course." />
      </SimpleGrid>
      <Paper withBorder p="md" component="section" aria-labelledby={sessionsId}>
        <Title order={3} size="h5" id={sessionsId} mb="sm">
          Upcoming live sessions
        </Title>
        {d.upcomingSessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No live sessions are scheduled in your courses.
          </Text>
        ) : (
          <List spacing="xs" listStyleType="none">
            {d.upcomingSessions.map((s) => (
              <List.Item key={s.id}>
                <Text size="sm">
                  <Text span fw={500}>
                    {formatDateTime(s.startsAt)}
                  </Text>{" "}
                  · {s.title} ·{" "}
                  <Anchor component={Link} to={`/courses/${s.courseId}`} size="sm">
                    {s.courseCode}
                  </Anchor>
                  {s.live ? (
                    <Badge ml="xs" size="sm" color="red" variant="light">
                      Live now
                    </Badge>
                  ) : null}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby={runsId}>
        <Title order={3} size="h5" id={runsId} mb="sm">
          Recent runs
        </Title>
        {d.recentRuns.length === 0 ? (
          <EmptyState title="No runs yet" description="Open a course and press Run: your runs show here with their results." />
        ) : (
          <MyRunsTable runs={d.recentRuns} labelledBy={runsId} languageName={languages.name} />
        )}
      </Paper>
    </Stack>
  );
}
