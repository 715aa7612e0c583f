import { Anchor, Badge, Table, Text, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useTRPC } from "../../trpc.ts";
import { formatScore, statusLabel, testVerdictStyle } from "./gradingFormat.ts";

/** The review panel's assignment view: each student's status, grade, latest failing test, and a link to their workspace. */
export function AssignmentReviewTable({ courseId, assignmentId }: { courseId: string; assignmentId: string }) {
  const trpc = useTRPC();
  const rows = useQuery(trpc.assignment.review.queryOptions({ assignmentId }, { refetchInterval: 15_000 }));
  const [filter, setFilter] = useState("");
  if (rows.isError) return <Text c="red">Could not load the students.</Text>;
  if (!rows.data) return <Text c="dimmed">Loading the students…</Text>;
  const f = filter.trim().toLowerCase();
  const shown = rows.data.filter((r) => !f || r.name.toLowerCase().includes(f) || r.email.toLowerCase().includes(f));
  return (
    <>
      <TextInput label="Filter students" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} maw={320} />
      <Table aria-label="Students of this assignment">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Student</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Grade</Table.Th>
            <Table.Th>Latest failing test</Table.Th>
            <Table.Th>Workspace</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((r) => (
            <Table.Tr key={r.userId}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={r.grade.status === "submitted" ? "green" : r.grade.status === "working" ? "blue" : "gray"}>
                  {statusLabel[r.grade.status]}
                </Badge>
              </Table.Td>
              <Table.Td>{formatScore(r.grade.score, r.grade.maxScore)}</Table.Td>
              <Table.Td>{r.latestFailing ? `${r.latestFailing.name} (${testVerdictStyle(r.latestFailing.verdict).label})` : "—"}</Table.Td>
              <Table.Td>
                {r.workspaceId ? (
                  <Anchor component={Link} to={`/courses/${courseId}/assignments/${assignmentId}/workspace/${r.workspaceId}`}>
                    Open {r.name}'s workspace
                  </Anchor>
                ) : (
                  "—"
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
