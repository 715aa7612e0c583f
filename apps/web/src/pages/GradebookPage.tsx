import { FormError, LoadingState, PageHeader } from "@codeclass/ui";
import { Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { Gradebook } from "../api-types.ts";
import { formatScore } from "../components/assignment/gradingFormat.ts";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { downloadText } from "../lib/download.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

type Row = Gradebook["rows"][number];
type Sort = "name" | "total-desc" | "total-asc";

/** /courses/:courseId/gradebook — students × assignments (staff: everyone, sort, filter, CSV, overrides; a student: their own row). */
export function GradebookPage() {
  const { courseId = "" } = useParams();
  const trpc = useTRPC();
  const book = useQuery(trpc.assignment.gradebook.queryOptions({ courseId }));
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<Sort>("name");
  const [editing, setEditing] = useState<{ row: Row; assignmentId: string; title: string } | null>(null);
  const csv = useMutation({
    mutationFn: () => queryClient.fetchQuery(trpc.assignment.gradebookCsv.queryOptions({ courseId }, { staleTime: 0 })),
    onSuccess: (r) => downloadText(r.filename, r.csv),
  });
  usePageTitle("Gradebook");
  if (book.isPending) return <LoadingState label="Loading the gradebook…" />;
  if (book.isError)
    return (
      <CourseLoadError error={book.error} courseId={courseId} onRetry={() => void book.refetch()} title="Could not load the gradebook" />
    );
  const { assignments, rows, staff } = book.data;
  const f = filter.trim().toLowerCase();
  const shown = rows
    .filter((r) => !f || r.name.toLowerCase().includes(f) || r.email.toLowerCase().includes(f))
    .sort((a, b) => (sort === "name" ? a.name.localeCompare(b.name) : sort === "total-desc" ? b.total - a.total : a.total - b.total));
  return (
    <Stack>
      <PageHeader
        title={staff ? "Gradebook" : "My grades"}
        actions={
          <>
            {staff ? (
              <Button onClick={() => csv.mutate()} loading={csv.isPending}>
                Export CSV
              </Button>
            ) : null}
            <Button component={Link} to={`/courses/${courseId}`} variant="default">
              Back to the course
            </Button>
          </>
        }
      />
      <FormError message={csv.error ? errorMessage(csv.error) : null} />
      {staff ? (
        <Group>
          <TextInput label="Filter students" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
          <Select
            label="Sort"
            value={sort}
            onChange={(v) => setSort((v ?? "name") as Sort)}
            data={[
              { value: "name", label: "Name" },
              { value: "total-desc", label: "Total, highest first" },
              { value: "total-asc", label: "Total, lowest first" },
            ]}
          />
        </Group>
      ) : null}
      <Table.ScrollContainer minWidth={500}>
        <Table striped aria-label="Gradebook">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Student</Table.Th>
              {assignments.map((a) => (
                <Table.Th key={a.id}>
                  <Link to={`/courses/${courseId}/assignments/${a.id}`}>{a.title}</Link> (/{a.maxScore})
                </Table.Th>
              ))}
              <Table.Th>Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.userId}>
                <Table.Td>
                  <Text size="sm">{r.name}</Text>
                  <Text size="xs" c="dimmed">
                    {r.email}
                  </Text>
                </Table.Td>
                {assignments.map((a) => {
                  const g = r.grades[a.id];
                  const label = `${formatScore(g?.score, a.maxScore)}${g?.late ? " late" : ""}${g?.overridden ? " *" : ""}`;
                  return (
                    <Table.Td key={a.id} title={g?.overridden ? `Set by hand: ${g.overrideReason}` : undefined}>
                      {staff ? (
                        <UnstyledButton
                          onClick={() => setEditing({ row: r, assignmentId: a.id, title: a.title })}
                          aria-label={`${r.name}, ${a.title}: ${label}. Set the grade by hand`}
                          style={{ textDecoration: "underline dotted" }}
                        >
                          {label}
                        </UnstyledButton>
                      ) : (
                        label
                      )}
                    </Table.Td>
                  );
                })}
                <Table.Td>
                  {r.total} / {r.maxTotal}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {staff ? <Text size="xs">* set by hand (hover for the reason)</Text> : null}
      {editing ? <OverrideModal courseId={courseId} editing={editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}

function OverrideModal({
  courseId,
  editing,
  onClose,
}: {
  courseId: string;
  editing: { row: Row; assignmentId: string; title: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = editing.row.grades[editing.assignmentId];
  const [score, setScore] = useState<number | string>(current?.score ?? "");
  const [reason, setReason] = useState(current?.overrideReason ?? "");
  const save = useMutation(
    trpc.assignment.setOverride.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.assignment.gradebook.queryKey({ courseId }) });
        onClose();
      },
    }),
  );
  const submit = (value: number | null) =>
    save.mutate({ assignmentId: editing.assignmentId, userId: editing.row.userId, score: value, reason });
  return (
    <Modal opened onClose={onClose} title={`${editing.row.name} · ${editing.title}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit(score === "" ? null : Number(score));
        }}
      >
        <Stack>
          <NumberInput label="Grade" min={0} decimalScale={2} value={score} onChange={setScore} required />
          <TextInput
            label="Reason"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            description="Kept in the audit log"
          />
          <FormError message={save.error ? errorMessage(save.error) : null} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Set the grade
            </Button>
            {current?.overridden ? (
              <Button variant="default" onClick={() => submit(null)} disabled={!reason}>
                Remove the override
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
