import { EmptyState, ErrorState } from "@codeclass/ui";
import { Alert, Autocomplete, Button, Code, Progress, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ActorPicker } from "../components/admin/ActorPicker.tsx";
import { AdminFrame } from "../components/admin/AdminFrame.tsx";
import type { AdminAuditQuery } from "../components/admin/adminTypes.ts";
import { auditDetails, dayEnd, dayStart, knownAuditActions } from "../components/admin/auditDetails.ts";
import { formatDateTime } from "../components/admin/formatTime.ts";
import { ListPager } from "../components/admin/ListPager.tsx";
import { downloadText } from "../lib/download.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

const pageSize = 50;

/** The audit log: who did what to what and when, newest first; filtered by who, action and dates; exported as CSV. */
export function AdminAuditPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [actorId, setActorId] = useState<string | null>(null);
  const [actionTyped, setActionTyped] = useState("");
  const [action] = useDebouncedValue(actionTyped.trim(), 300);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState(false);

  const fromDate = dayStart(from);
  const toDate = dayEnd(to);
  const rangeError = fromDate && toDate && toDate <= fromDate ? "The end date is before the start date: choose a later one." : null;
  const filters: AdminAuditQuery = {
    actorId: actorId ?? undefined,
    action: action || undefined,
    from: rangeError ? undefined : (fromDate ?? undefined),
    to: rangeError ? undefined : (toDate ?? undefined),
  };
  const audit = useQuery({ ...trpc.admin.audit.queryOptions({ ...filters, page, pageSize }), placeholderData: keepPreviousData });
  const changed =
    <T,>(set: (v: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };

  async function exportCsv() {
    setExporting(true);
    try {
      const file = await queryClient.fetchQuery({ ...trpc.admin.auditCsv.queryOptions(filters), staleTime: 0 });
      downloadText(file.filename, file.csv);
      notifications.show({
        color: file.truncated ? "yellow" : "green",
        message: file.truncated
          ? `The file holds the newest ${file.rows.toLocaleString()} entries only: narrow the dates to export the rest.`
          : `${file.filename} holds ${file.rows.toLocaleString()} entries.`,
      });
    } catch (error) {
      notifications.show({ color: "red", title: "Could not export the audit log", message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  }

  return (
    <AdminFrame title="Audit log" description="Every administrative change: who made it, when, and to what. Newest first.">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <ActorPicker value={actorId} onChange={changed(setActorId)} />
          <Autocomplete
            label="Action"
            placeholder="e.g. user.disable, or user. for all"
            data={knownAuditActions}
            value={actionTyped}
            onChange={changed(setActionTyped)}
            maxLength={100}
          />
          <TextInput label="From" type="date" value={from} onChange={(e) => changed(setFrom)(e.currentTarget.value)} />
          <TextInput
            label="To (included)"
            type="date"
            value={to}
            onChange={(e) => changed(setTo)(e.currentTarget.value)}
            error={rangeError}
          />
        </SimpleGrid>
        <div>
          <Button variant="default" onClick={() => void exportCsv()} loading={exporting} disabled={Boolean(rangeError)}>
            Download CSV
          </Button>
          <Text size="xs" c="dimmed" mt={4}>
            The file holds the entries these filters match (up to 50,000). Cells that a spreadsheet would run as a formula are escaped.
          </Text>
        </div>
        {audit.isFetching ? <Progress value={100} animated size="xs" aria-label="Loading the audit log" /> : null}
        {audit.error ? (
          <ErrorState title="Could not load the audit log" message={errorMessage(audit.error)} onRetry={() => void audit.refetch()} />
        ) : !audit.data ? (
          <Text size="sm" c="dimmed">
            Loading the audit log…
          </Text>
        ) : audit.data.entries.length === 0 ? (
          <EmptyState title="No entry matches" description="Clear a filter or widen the dates." />
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table striped aria-label="Audit log" aria-busy={audit.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {audit.data.entries.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(entry.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {entry.actorId ? (
                        <>
                          <Text size="sm">{entry.actorName ?? "Deleted account"}</Text>
                          <Text size="xs" c="dimmed">
                            {entry.actorEmail ?? entry.actorId}
                          </Text>
                        </>
                      ) : (
                        <Text size="sm">Operator (command line)</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Code>{entry.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.targetType}</Text>
                      <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                        {entry.courseCode ? `${entry.courseCode} · ` : ""}
                        {entry.targetId}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" style={{ overflowWrap: "anywhere" }} lineClamp={3}>
                        {auditDetails(entry.data)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {audit.data ? <ListPager page={page} pageSize={pageSize} total={audit.data.total} label="entries" onChange={setPage} /> : null}
        {rangeError ? (
          <Alert color="yellow" role="status">
            The dates are ignored until the range is fixed.
          </Alert>
        ) : null}
      </Stack>
    </AdminFrame>
  );
}
