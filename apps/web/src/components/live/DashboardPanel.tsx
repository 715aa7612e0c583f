import type { AppRouter } from "@codeclass/api";
import { LoadingState } from "@codeclass/ui";
import { BarChart } from "@mantine/charts";
import { Alert, Badge, Button, Group, Stack, Table, Text, Title, UnstyledButton } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { type inferOutput, type TRPCOptionsProxy, useSubscription } from "@trpc/tanstack-react-query";
import { useId, useMemo, useState } from "react";
import { downloadText } from "../../lib/download.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";

type Participation = inferOutput<TRPCOptionsProxy<AppRouter>["dashboard"]["get"]>;
type Row = Participation["students"][number];
type Warning = Row["warnings"][number];

const warningLabel: Record<Warning, { text: string; color: string; title: string }> = {
  "absent-twice": { text: "Absent twice", color: "red", title: "No attendance in the course's two previous sessions" },
  "low-participation": { text: "Low participation", color: "orange", title: "Participation under half the class mean" },
  "inactive-30-min": { text: "Inactive 30 min", color: "yellow", title: "Present, but nothing for 30 minutes" },
};

const columns = [
  { key: "name", label: "Name" },
  { key: "present", label: "Present" },
  { key: "minutesPresent", label: "Minutes" },
  { key: "talkSeconds", label: "Talk (s)" },
  { key: "chatMessages", label: "Chat" },
  { key: "hands", label: "Hands" },
  { key: "pollAnswers", label: "Poll answers" },
  { key: "runs", label: "Runs" },
  { key: "score", label: "Score" },
  { key: "warnings", label: "Warnings" },
] as const;
type SortKey = (typeof columns)[number]["key"];

const sortValue = (r: Row, key: SortKey): string | number =>
  key === "name"
    ? r.name.toLowerCase()
    : key === "present"
      ? r.present
        ? 2
        : r.left
          ? 1
          : 0
      : key === "warnings"
        ? r.warnings.length
        : r[key];

/**
 * Staff: the session's participation, re-read every second by `dashboard.follow`: per student
 * present or left, minutes, talk time, chat, hands, poll answers and runs, with the early warnings
 * as badges; sortable by any column; CSV export.
 */
export function DashboardPanel({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [data, setData] = useState<Participation | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "name", desc: false });
  const [exporting, setExporting] = useState(false);
  const sub = useSubscription(trpc.dashboard.follow.subscriptionOptions({ sessionId }, { onData: (d) => setData(d) }));
  const rows = useMemo(() => {
    const list = [...(data?.students ?? [])];
    list.sort((a, b) => {
      const [x, y] = [sortValue(a, sort.key), sortValue(b, sort.key)];
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -c : c;
    });
    return list;
  }, [data, sort]);
  const exportCsv = async () => {
    setExporting(true);
    try {
      const { filename, csv } = await queryClient.fetchQuery(trpc.dashboard.csv.queryOptions({ sessionId }, { staleTime: 0 }));
      downloadText(filename, csv);
    } catch (error) {
      notifications.show({ color: "red", title: "Could not export the CSV", message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Group justify="space-between">
        <Title order={2} size="h4" id={headingId}>
          Participation
        </Title>
        <Group gap="xs">
          {data ? (
            <Text size="xs" c="dimmed" role="status">
              Class mean score {data.classMean} · updated {data.generatedAt.toLocaleTimeString()}
            </Text>
          ) : null}
          <Button size="xs" variant="default" onClick={() => void exportCsv()} loading={exporting}>
            Export CSV
          </Button>
        </Group>
      </Group>
      {sub.status === "error" ? (
        <Alert color="red" title="The dashboard stopped updating" role="alert">
          {errorMessage(sub.error)}
        </Alert>
      ) : null}
      {!data ? (
        <LoadingState label="Loading the dashboard…" />
      ) : rows.length === 0 ? (
        <Text c="dimmed">No students are enrolled in this course.</Text>
      ) : (
        <>
          <BarChart
            h={160}
            data={rows.map((r) => ({ name: r.name, score: r.score }))}
            dataKey="name"
            series={[{ name: "score", color: "blue.6", label: "Score" }]}
            referenceLines={[{ y: data.classMean / 2, label: "Half the mean", color: "orange.6" }]}
            aria-label="Participation score per student"
          />
          <Table.ScrollContainer minWidth={760}>
            <Table aria-labelledby={headingId} striped>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => {
                    const active = sort.key === c.key;
                    return (
                      <Table.Th key={c.key} scope="col" aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}>
                        <UnstyledButton
                          onClick={() => setSort({ key: c.key, desc: active ? !sort.desc : c.key !== "name" })}
                          fw={600}
                          fz="sm"
                          aria-label={`Sort by ${c.label}`}
                        >
                          {c.label} {active ? (sort.desc ? "▼" : "▲") : ""}
                        </UnstyledButton>
                      </Table.Th>
                    );
                  })}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.userId}>
                    <Table.Th scope="row" fw={500}>
                      {r.name}
                    </Table.Th>
                    <Table.Td>
                      <Badge variant="light" color={r.present ? "green" : r.left ? "gray" : "red"}>
                        {r.present ? "Present" : r.left ? "Left" : "Absent"}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{r.minutesPresent}</Table.Td>
                    <Table.Td>{r.talkSeconds}</Table.Td>
                    <Table.Td>{r.chatMessages}</Table.Td>
                    <Table.Td>{r.hands}</Table.Td>
                    <Table.Td>{r.pollAnswers}</Table.Td>
                    <Table.Td>{r.runs}</Table.Td>
                    <Table.Td>{r.score}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {r.warnings.map((w) => (
                          <Badge key={w} color={warningLabel[w].color} variant="filled" title={warningLabel[w].title}>
                            {warningLabel[w].text}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
