import { EmptyState } from "@codeclass/ui";
import { Badge, Table } from "@mantine/core";
import { useId } from "react";
import { formatDateTime, formatDuration, formatWhen, verdictStyle } from "../run/runFormat.ts";
import type { MonitorRun } from "./types.ts";

/** The platform's latest runs: those waiting or running first, then the last to finish. */
export function RecentRunsTable({ runs, now }: { runs: MonitorRun[]; now: number }) {
  const captionId = useId();
  if (runs.length === 0) return <EmptyState title="No runs yet" description="Runs anyone starts appear here within seconds." />;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table aria-labelledby={captionId} verticalSpacing="xs" captionSide="top">
        <Table.Caption id={captionId}>Latest runs on the platform</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Result</Table.Th>
            <Table.Th scope="col">Language</Table.Th>
            <Table.Th scope="col">Started</Table.Th>
            <Table.Th scope="col">Wall time</Table.Th>
            <Table.Th scope="col">Sandbox</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const style = run.verdict ? verdictStyle(run.verdict) : null;
            const createdAt = new Date(run.createdAt);
            return (
              <Table.Tr key={run.id} data-run={run.id}>
                <Table.Td>
                  {style ? (
                    <Badge color={style.color} variant="light">
                      {style.label}
                    </Badge>
                  ) : (
                    <Badge color="blue" variant="outline">
                      {run.status === "queued" ? "Waiting" : "Running"}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{run.language}</Table.Td>
                <Table.Td>
                  <time dateTime={createdAt.toISOString()} title={formatDateTime(createdAt)}>
                    {formatWhen(createdAt, now)}
                  </time>
                </Table.Td>
                <Table.Td>{run.wallMs === null ? "—" : formatDuration(run.wallMs)}</Table.Td>
                <Table.Td>{run.driver ?? "—"}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
