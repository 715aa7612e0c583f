import type { AppRouter } from "@codeclass/api";
import { Anchor, Badge, Table, Text } from "@mantine/core";
import type { inferOutput, TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { Link } from "react-router";
import { formatDateTime, formatDuration, formatWhen, verdictStyle } from "../run/runFormat.ts";

/** One of my runs, as me.history and me.dashboard list them. */
export type MyRun = inferOutput<TRPCOptionsProxy<AppRouter>["me"]["history"]>["items"][number];

/** My runs: result, course, language, when, time taken. `labelledBy` names the table. */
export function MyRunsTable({
  runs,
  labelledBy,
  languageName,
}: {
  runs: MyRun[];
  labelledBy: string;
  languageName: (id: string) => string;
}) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-labelledby={labelledBy} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Result</Table.Th>
            <Table.Th scope="col">Course</Table.Th>
            <Table.Th scope="col">Language</Table.Th>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Wall time</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => {
            const verdict = run.verdict
              ? verdictStyle(run.verdict)
              : { label: run.status === "running" ? "Running" : "Queued", color: "blue" };
            return (
              <Table.Tr key={run.id}>
                <Table.Td>
                  <Badge color={verdict.color} variant="light">
                    {verdict.label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/courses/${run.courseId}`} size="sm" title={run.courseTitle}>
                    {run.courseCode}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{languageName(run.language)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(run.createdAt)}>
                    {formatWhen(run.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{run.wallMs === null ? "—" : formatDuration(run.wallMs)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
