import { Badge, Button, Code, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { Fragment, useState } from "react";
import type { SubmissionResult } from "../../api-types.ts";
import { testVerdictStyle } from "./gradingFormat.ts";
import { OutputDiff } from "./OutputDiff.tsx";

/** A submission's test results: verdict, time, memory and points; a revealed test's details (input, output, diff) open below its row. */
export function ResultsTable({ results, testCount }: { results: readonly SubmissionResult[]; testCount?: number }) {
  const [open, setOpen] = useState<number | null>(null);
  const sorted = [...results].sort((a, b) => a.position - b.position);
  return (
    <Table striped aria-label="Test results">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Test</Table.Th>
          <Table.Th>Verdict</Table.Th>
          <Table.Th>Time</Table.Th>
          <Table.Th>Memory</Table.Th>
          <Table.Th>Points</Table.Th>
          <Table.Th>
            <VisuallyHidden>Details</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((r) => {
          const v = testVerdictStyle(r.verdict);
          const expandable = !r.hidden && (r.diff || r.message || r.actual !== undefined);
          return (
            <Fragment key={r.resultId}>
              <Table.Tr>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>
                  <Badge color={v.color} variant="light">
                    {v.label}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.wallMs === null ? "—" : `${r.wallMs} ms`}</Table.Td>
                <Table.Td>{r.memoryKb === null ? "—" : `${Math.round(r.memoryKb / 1024)} MiB`}</Table.Td>
                <Table.Td>
                  {+r.points.toFixed(2)} / {r.maxPoints}
                </Table.Td>
                <Table.Td>
                  {expandable ? (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={open === r.resultId}
                      onClick={() => setOpen(open === r.resultId ? null : r.resultId)}
                    >
                      {open === r.resultId ? "Hide" : "Details"}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
              {open === r.resultId ? (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Stack gap="xs">
                      {r.message ? <Text size="sm">{r.message}</Text> : null}
                      {r.stdin ? (
                        <div>
                          <Text size="xs" fw={600}>
                            Input
                          </Text>
                          <Code block>{r.stdin}</Code>
                        </div>
                      ) : null}
                      {r.diff ? <OutputDiff parts={r.diff} /> : null}
                      {!r.diff && r.actual !== undefined ? (
                        <div>
                          <Text size="xs" fw={600}>
                            Output
                          </Text>
                          <Code block>{r.actual || "(nothing)"}</Code>
                        </div>
                      ) : null}
                      {r.stderr ? (
                        <div>
                          <Text size="xs" fw={600}>
                            Errors
                          </Text>
                          <Code block>{r.stderr}</Code>
                        </div>
                      ) : null}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ) : null}
            </Fragment>
          );
        })}
        {testCount !== undefined && sorted.length < testCount ? (
          <Table.Tr>
            <Table.Td colSpan={6}>
              <Text size="sm" c="dimmed">
                {testCount - sorted.length} more test{testCount - sorted.length === 1 ? "" : "s"} to run…
              </Text>
            </Table.Td>
          </Table.Tr>
        ) : null}
      </Table.Tbody>
    </Table>
  );
}
