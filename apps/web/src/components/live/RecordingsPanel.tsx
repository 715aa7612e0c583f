import { Alert, Badge, Button, Code, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { formatWhen } from "./format.ts";
import type { SessionDetail } from "./types.ts";

const statusColor: Record<string, string> = { starting: "yellow", active: "red", ending: "yellow", complete: "green" };

/**
 * A session's recordings for its members (status, file location, times), and for staff the
 * start and stop buttons while the session is live and the server has recording storage.
 */
export function RecordingsPanel({ session }: { session: SessionDetail }) {
  const trpc = useTRPC();
  const headingId = useId();
  const list = useQuery({ ...trpc.live.recordings.queryOptions({ sessionId: session.id }), refetchInterval: 5_000 });
  const refresh = () => void list.refetch();
  const start = useMutation(trpc.live.startRecording.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.live.stopRecording.mutationOptions({ onSuccess: refresh }));
  const recordings = list.data?.recordings ?? [];
  const running = recordings.find((r) => !r.endedAt && !r.stopRequestedAt);
  const mayRecord = session.staff && session.status === "live" && session.videoConfigured && list.data?.configured;
  if (!list.data || (recordings.length === 0 && !mayRecord)) return null;
  const failure = start.error ?? stop.error;

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5" id={headingId}>
            Recordings
          </Title>
          {mayRecord ? (
            running ? (
              <Button color="red" size="xs" loading={stop.isPending} onClick={() => stop.mutate({ recordingId: running.id })}>
                Stop recording
              </Button>
            ) : (
              <Button size="xs" loading={start.isPending} onClick={() => start.mutate({ sessionId: session.id })}>
                Start recording
              </Button>
            )
          ) : null}
        </Group>
        {failure ? (
          <Alert color="red" role="alert" title="Recording trouble">
            {errorMessage(failure)}
          </Alert>
        ) : null}
        {recordings.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not recorded yet. A recording is the room's video and audio, saved to the server's storage.
          </Text>
        ) : (
          <Table aria-label="Recordings of this session, newest first">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Started</Table.Th>
                <Table.Th scope="col">Ended</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">File</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recordings.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatWhen(r.startedAt ?? r.createdAt)}</Table.Td>
                  <Table.Td>{r.endedAt ? formatWhen(r.endedAt) : r.stopRequestedAt ? "stopping…" : "—"}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[r.status] ?? "gray"}>{r.status.replace("_", " ")}</Badge>
                    {r.error ? (
                      <Text size="xs" c="red">
                        {r.error}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Code>{r.location ?? r.filepath}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
