import { EmptyState, ErrorState, LoadingState } from "@codeclass/ui";
import { Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { authClient } from "../../auth.ts";
import { authErrorMessage } from "../../lib/errors.ts";
import { formatDateTime, formatWhen } from "../run/runFormat.ts";
import { describeDevice } from "./describeDevice.ts";

const sessionsKey = ["auth", "sessions"] as const;

/** Where I am signed in: each session's device and address, with sign-out of each but this one. */
export function SessionsSection() {
  const headingId = useId();
  const queryClient = useQueryClient();
  const current = authClient.useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const sessions = useQuery({
    queryKey: sessionsKey,
    queryFn: async () => {
      const { data, error } = await authClient.listSessions();
      if (error) throw new Error(authErrorMessage(error));
      return [...data].sort((a, b) => new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime());
    },
  });
  const currentId = current.data?.session.id;

  const revoke = async (token: string | null) => {
    setBusy(token ?? "others");
    const { error } = token ? await authClient.revokeSession({ token }) : await authClient.revokeOtherSessions();
    setBusy(null);
    if (error) {
      notifications.show({ color: "red", title: "Could not sign out that session", message: authErrorMessage(error) });
      return;
    }
    notifications.show({ color: "green", message: token ? "That session is signed out." : "Every other session is signed out." });
    await queryClient.invalidateQueries({ queryKey: sessionsKey });
  };

  const others = sessions.data?.filter((s) => s.id !== currentId) ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Group justify="space-between">
        <Title order={3} size="h5" id={headingId}>
          Where you are signed in
        </Title>
        {others.length > 0 ? (
          <Button size="xs" variant="default" onClick={() => void revoke(null)} loading={busy === "others"}>
            Sign out everywhere else
          </Button>
        ) : null}
      </Group>
      {sessions.isPending ? (
        <LoadingState label="Loading your sessions…" />
      ) : sessions.isError ? (
        <ErrorState title="Could not load your sessions" message={sessions.error.message} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.length === 0 ? (
        <EmptyState title="No sessions" description="Sign in again to see this device here." />
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-labelledby={headingId} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Device</Table.Th>
                <Table.Th scope="col">Address</Table.Th>
                <Table.Th scope="col">Signed in</Table.Th>
                <Table.Th scope="col">Last active</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.map((s) => {
                const device = describeDevice(s.userAgent);
                return (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm">{device}</Text>
                        {s.id === currentId ? (
                          <Badge size="sm" variant="light">
                            This device
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.ipAddress || "unknown"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(new Date(s.createdAt))}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={formatDateTime(new Date(s.updatedAt))}>
                        {formatWhen(new Date(s.updatedAt))}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {s.id === currentId ? null : (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          loading={busy === s.token}
                          onClick={() => void revoke(s.token)}
                          aria-label={`Sign out ${device}, signed in ${formatDateTime(new Date(s.createdAt))}`}
                        >
                          Sign out
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
