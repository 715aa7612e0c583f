import { ErrorState, LoadingState } from "@codeclass/ui";
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { formatWhen } from "./format.ts";
import { ScheduleSessionForm } from "./ScheduleSessionForm.tsx";
import { SessionStatusBadge } from "./SessionStatusBadge.tsx";

/** "Live sessions" on the course page: live and upcoming sessions; staff schedule new ones. */
export function SessionsSection({ courseId, canRun }: { courseId: string; canRun: boolean }) {
  const trpc = useTRPC();
  const headingId = useId();
  const [scheduling, setScheduling] = useState(false);
  const sessions = useQuery({ ...trpc.session.list.queryOptions({ courseId }), refetchInterval: 30_000 });

  return (
    <Stack component="section" gap="sm" aria-labelledby={headingId}>
      <Group justify="space-between">
        <Title order={2} size="h3" id={headingId}>
          Live sessions
        </Title>
        {canRun ? (
          <Button variant="light" onClick={() => setScheduling((s) => !s)} aria-expanded={scheduling}>
            {scheduling ? "Close" : "Schedule a session"}
          </Button>
        ) : null}
      </Group>
      {canRun && scheduling ? <ScheduleSessionForm courseId={courseId} onDone={() => setScheduling(false)} /> : null}
      {sessions.isPending ? (
        <LoadingState label="Loading sessions…" />
      ) : sessions.isError ? (
        <ErrorState title="Could not load the sessions" message={errorMessage(sessions.error)} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.length === 0 ? (
        <Text c="dimmed">
          {canRun ? "No session is scheduled. Use “Schedule a session” to plan one." : "No live session is scheduled."}
        </Text>
      ) : (
        <Table aria-labelledby={headingId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Session</Table.Th>
              <Table.Th scope="col">Starts</Table.Th>
              <Table.Th scope="col">Length</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Open</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.title}</Table.Td>
                <Table.Td>{formatWhen(s.startsAt)}</Table.Td>
                <Table.Td>{s.durationMinutes} min</Table.Td>
                <Table.Td>
                  <SessionStatusBadge status={s.status} />
                </Table.Td>
                <Table.Td>
                  <Button
                    component={Link}
                    to={`/courses/${courseId}/sessions/${s.id}`}
                    size="xs"
                    variant={s.status === "live" ? "filled" : "default"}
                    aria-label={`${s.status === "live" ? "Join" : "Open"} ${s.title}`}
                  >
                    {s.status === "live" ? "Join" : "Open"}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
