import { Table, Text } from "@mantine/core";

export interface ImportProblemRow {
  line: number;
  column?: string | null;
  reason: string;
}

/**
 * The problems a checked CSV file has, by line and column (the admin's bulk import and a course's
 * roster import); the server sends the first ones and the count of all.
 */
export function ImportProblemsTable({
  problems,
  total,
  label,
  maxHeight = 420,
}: {
  problems: readonly ImportProblemRow[];
  total: number;
  label: string;
  maxHeight?: number;
}) {
  return (
    <>
      <Table.ScrollContainer minWidth={400} mah={maxHeight}>
        <Table striped stickyHeader aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Line</Table.Th>
              <Table.Th scope="col">Column</Table.Th>
              <Table.Th scope="col">Problem</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {problems.map((p) => (
              <Table.Tr key={`${p.line}-${p.column}-${p.reason}`}>
                <Table.Td>{p.line}</Table.Td>
                <Table.Td>{p.column ?? "—"}</Table.Td>
                <Table.Td>{p.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > problems.length ? <Text size="sm">… and {total - problems.length} more (download the error report for all).</Text> : null}
    </>
  );
}
