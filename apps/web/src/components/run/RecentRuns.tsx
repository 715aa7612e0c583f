import { EmptyState, ErrorState, LoadingState } from "@codeclass/ui";
import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { RunLanguage } from "./files.ts";
import { formatDateTime, formatDuration, formatWhen, verdictStyle } from "./runFormat.ts";

/** The reader's latest runs in this course: verdict, language, when. */
export function RecentRuns({ courseId, languages }: { courseId: string; languages: readonly RunLanguage[] }) {
  const trpc = useTRPC();
  const headingId = useId();
  const runs = useQuery(trpc.run.listMine.queryOptions({ courseId, limit: 10 }));
  const languageName = (id: string) => languages.find((l) => l.id === id)?.name ?? id;

  return (
    <Stack component="section" gap="sm" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        Recent runs
      </Title>
      {runs.isPending ? (
        <LoadingState label="Loading your runs…" />
      ) : runs.isError ? (
        <ErrorState title="Could not load your runs" message={errorMessage(runs.error)} onRetry={() => void runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <EmptyState title="No runs yet" description="Press Run: your runs in this course are listed here." />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table aria-labelledby={headingId} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Result</Table.Th>
                <Table.Th scope="col">Language</Table.Th>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Wall time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((run) => {
                const style = run.verdict ? verdictStyle(run.verdict) : null;
                const createdAt = new Date(run.createdAt);
                return (
                  <Table.Tr key={run.id}>
                    <Table.Td>
                      {style ? (
                        <Badge color={style.color} variant="light">
                          {style.label}
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="outline">
                          {statusLabel(run.status)}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{languageName(run.language)}</Table.Td>
                    <Table.Td>
                      <Text component="time" size="sm" dateTime={createdAt.toISOString()} title={formatDateTime(createdAt)}>
                        {formatWhen(createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {run.wallMs === null ? (
                        <Text size="sm" c="dimmed">
                          –
                        </Text>
                      ) : (
                        formatDuration(run.wallMs)
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function statusLabel(status: string): string {
  switch (status) {
    case "queued":
      return "Queued";
    case "compiling":
      return "Compiling";
    case "running":
      return "Running";
    default:
      return status ? status.charAt(0).toUpperCase() + status.slice(1) : "Unknown";
  }
}
