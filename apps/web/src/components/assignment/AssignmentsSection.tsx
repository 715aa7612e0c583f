import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import { useTRPC } from "../../trpc.ts";
import { formatDateTime } from "../run/runFormat.ts";
import { formatScore, statusLabel } from "./gradingFormat.ts";
import { NewAssignmentButton } from "./NewAssignmentButton.tsx";

/** The course page's assignments: each with its due date and, for a student, their status and grade. */
export function AssignmentsSection({ courseId, staff, canCreate }: { courseId: string; staff: boolean; canCreate: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.assignment.list.queryOptions({ courseId }));
  const headingId = useId();
  return (
    <Stack component="section" gap="xs" aria-labelledby={headingId}>
      <Group justify="space-between">
        <Title order={2} size="h3" id={headingId}>
          Assignments
        </Title>
        <Group gap="xs">
          <Button component={Link} to={`/courses/${courseId}/gradebook`} variant="default">
            {staff ? "Gradebook" : "My grades"}
          </Button>
          {canCreate ? <NewAssignmentButton courseId={courseId} /> : null}
        </Group>
      </Group>
      {list.isError ? <Text c="red">Could not load the assignments.</Text> : null}
      {list.data && list.data.length === 0 ? <Text c="dimmed">No assignments yet.</Text> : null}
      {list.data && list.data.length > 0 ? (
        <Table aria-labelledby={headingId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Points</Table.Th>
              {staff ? null : <Table.Th>Status</Table.Th>}
              {staff ? null : <Table.Th>Grade</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/courses/${courseId}/assignments/${a.id}`}>
                    {a.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{a.dueAt ? formatDateTime(a.dueAt) : "—"}</Table.Td>
                <Table.Td>{a.maxScore}</Table.Td>
                {a.mine ? (
                  <>
                    <Table.Td>
                      <Badge variant="light" color={a.mine.status === "submitted" ? "green" : "gray"}>
                        {statusLabel[a.mine.status]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {formatScore(a.mine.score, a.mine.maxScore)}
                      {a.mine.late ? " (late)" : ""}
                    </Table.Td>
                  </>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}
