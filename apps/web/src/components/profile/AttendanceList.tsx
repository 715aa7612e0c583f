import { EmptyState, ErrorState, LoadingState } from "@codeclass/ui";
import { Anchor, Pagination, Stack, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { formatDateTime } from "../run/runFormat.ts";

const pageSize = 10;

/** The live sessions I joined, with my time in each; filtered by the history's course and dates. */
export function AttendanceList({ courseId, from, to }: { courseId?: string; from?: Date; to?: Date }) {
  const trpc = useTRPC();
  const headingId = useId();
  const [page, setPage] = useState(1);
  const filterKey = `${courseId}|${from?.getTime()}|${to?.getTime()}`;
  const [seenFilters, setSeenFilters] = useState(filterKey);
  // A new filter starts from its first page.
  if (seenFilters !== filterKey) {
    setSeenFilters(filterKey);
    setPage(1);
  }
  const attendance = useQuery({
    ...trpc.me.attendance.queryOptions({ courseId, from, to, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((attendance.data?.total ?? 0) / pageSize));

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        Live sessions I attended
      </Title>
      {attendance.isPending ? (
        <LoadingState label="Loading your attendance…" />
      ) : attendance.isError ? (
        <ErrorState
          title="Could not load your attendance"
          message={errorMessage(attendance.error)}
          onRetry={() => void attendance.refetch()}
        />
      ) : attendance.data.items.length === 0 ? (
        <EmptyState
          title="No live sessions attended"
          description="Sessions you join from a course page are listed here with your time in each."
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={520}>
            <Table aria-labelledby={headingId} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Session</Table.Th>
                  <Table.Th scope="col">Course</Table.Th>
                  <Table.Th scope="col">Started</Table.Th>
                  <Table.Th scope="col">My time</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {attendance.data.items.map((a) => (
                  <Table.Tr key={a.sessionId}>
                    <Table.Td>
                      <Text size="sm">{a.title}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/courses/${a.courseId}`} size="sm" title={a.courseTitle}>
                        {a.courseCode}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(a.startsAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={`Joined ${formatDateTime(a.firstJoinedAt)}, left ${formatDateTime(a.lastLeftAt)}`}>
                        {a.minutes} min
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 ? (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({ "aria-label": `${control} page of sessions` })}
              getItemProps={(p) => ({ "aria-label": `Sessions page ${p}` })}
            />
          ) : null}
        </>
      )}
    </Stack>
  );
}
