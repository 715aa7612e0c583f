import { ErrorState, LoadingState } from "@codeclass/ui";
import { Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

const time = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** Staff: who came, from LiveKit's join and leave events (first join, last leave, minutes present). */
export function AttendanceTable({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const headingId = useId();
  const rows = useQuery({ ...trpc.live.attendance.queryOptions({ sessionId }), refetchInterval: 15_000 });
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        Attendance
      </Title>
      {rows.isPending ? (
        <LoadingState label="Loading attendance…" />
      ) : rows.isError ? (
        <ErrorState title="Could not load attendance" message={errorMessage(rows.error)} onRetry={() => void rows.refetch()} />
      ) : rows.data.length === 0 ? (
        <Text c="dimmed">Nobody has joined the video yet (attendance comes from the video server's join and leave events).</Text>
      ) : (
        <Table aria-labelledby={headingId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">First joined</Table.Th>
              <Table.Th scope="col">Last left</Table.Th>
              <Table.Th scope="col">Minutes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.data.map((r) => (
              <Table.Tr key={r.userId}>
                <Table.Th scope="row" fw={500}>
                  {r.name}
                </Table.Th>
                <Table.Td>{time.format(r.firstJoinedAt)}</Table.Td>
                <Table.Td>{r.present ? "still here" : r.lastLeftAt ? time.format(r.lastLeftAt) : ""}</Table.Td>
                <Table.Td>{r.minutes}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
