import { Alert, Button, Group, Modal, NativeSelect, Radio, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import type { CollabConnection } from "../collab/connection.ts";
import { useCollabConnection } from "../collab/useCollab.ts";
import { useFilePaths } from "../collab/useDocState.ts";
import type { SessionDetail } from "./types.ts";

const outcomeLabel = {
  created: "added",
  renamed: "added under a new name (theirs kept)",
  overwritten: "replaced (old text in history)",
  unchanged: "already the same",
  failed: "failed",
} as const;

/**
 * "Send to students": staff pick a file of the demo (or of their own workspace) and copy it into
 * every enrolled student's workspace; a student's file of the same name is kept unless staff choose
 * to overwrite it (its old text stays in the student's history either way).
 */
export function SendFileButton({ session, demo }: { session: SessionDetail; demo: { id: string; conn: CollabConnection | null } }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState<"demo" | "mine">("demo");
  const [path, setPath] = useState<string | null>(null);
  const [onConflict, setOnConflict] = useState<"rename" | "overwrite">("rename");
  const mine = useQuery({ ...trpc.workspace.getOrCreate.queryOptions({ courseId: session.courseId }), enabled: open && from === "mine" });
  const mineConn = useCollabConnection(open && from === "mine" ? (mine.data?.documentName ?? null) : null);
  const source = from === "demo" ? demo : mine.data ? { id: mine.data.id, conn: mineConn } : null;
  const paths = useFilePaths(source?.conn?.doc ?? null);
  const chosen = path && paths.includes(path) ? path : (paths[0] ?? null);
  const send = useMutation(trpc.workspace.sendFile.mutationOptions());

  return (
    <>
      <Group>
        <Button size="xs" variant="light" onClick={() => setOpen(true)}>
          Send a file to students…
        </Button>
      </Group>
      <Modal
        opened={open}
        onClose={() => {
          setOpen(false);
          send.reset();
        }}
        title="Send a file to every student"
        size="lg"
      >
        <Stack gap="sm">
          <Radio.Group
            label="From"
            value={from}
            onChange={(v) => {
              setFrom(v as "demo" | "mine");
              setPath(null);
              send.reset();
            }}
          >
            <Group mt={4}>
              <Radio value="demo" label="The course demo" />
              <Radio value="mine" label="My workspace" />
            </Group>
          </Radio.Group>
          <NativeSelect
            label="File"
            data={paths.length ? paths : [{ value: "", label: "No files", disabled: true }]}
            value={chosen ?? ""}
            onChange={(e) => setPath(e.currentTarget.value)}
          />
          <Radio.Group
            label="When a student already has a file of that name"
            value={onConflict}
            onChange={(v) => setOnConflict(v as "rename" | "overwrite")}
          >
            <Stack gap={4} mt={4}>
              <Radio value="rename" label="Keep theirs; add the copy under a new name (name.sent.py)" />
              <Radio value="overwrite" label="Replace theirs (their old text stays in their history)" />
            </Stack>
          </Radio.Group>
          {send.isError ? (
            <Alert color="red" title="Could not send the file">
              {errorMessage(send.error)}
            </Alert>
          ) : null}
          {send.data ? <SentSummary result={send.data} /> : null}
          <Group justify="flex-end">
            <Button
              loading={send.isPending}
              disabled={!source || !chosen}
              onClick={() => source && chosen && send.mutate({ sessionId: session.id, workspaceId: source.id, path: chosen, onConflict })}
            >
              Send to students
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

type Sent = {
  students: number;
  results: { userId: string; name: string; path: string | null; outcome: keyof typeof outcomeLabel; problem?: string }[];
};

function SentSummary({ result }: { result: Sent }) {
  return (
    <Stack gap={4} role="status">
      <Text size="sm">
        Sent to {result.students} student{result.students === 1 ? "" : "s"}.
      </Text>
      <Table.ScrollContainer minWidth={360} mah={240}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Student</Table.Th>
              <Table.Th>File</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.results.map((r) => (
              <Table.Tr key={r.userId}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.path ?? "—"}</Table.Td>
                <Table.Td c={r.outcome === "failed" ? "red" : undefined}>{r.problem ?? outcomeLabel[r.outcome]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
