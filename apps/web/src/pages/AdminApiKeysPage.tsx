import { ConfirmButton, EmptyState, ErrorState } from "@codeclass/ui";
import { Badge, Code, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AdminFrame } from "../components/admin/AdminFrame.tsx";
import { ApiKeyCreateForm } from "../components/admin/ApiKeyCreateForm.tsx";
import { formatDateTime } from "../components/admin/formatTime.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

/** Keys of the Judge0-compatible REST API (/judge0): create one (shown once), see their use, revoke. */
export function AdminApiKeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.admin.apiKeys.queryOptions());
  const revoke = useMutation(
    trpc.admin.revokeApiKey.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.admin.apiKeys.pathFilter());
        notifications.show({ color: "green", message: "The key is revoked: requests with it are refused from now on." });
      },
      onError: (error) => notifications.show({ color: "red", title: "Could not revoke the key", message: errorMessage(error) }),
    }),
  );
  return (
    <AdminFrame
      title="API keys"
      description="Keys for the Judge0-compatible API at /judge0: existing Judge0 clients run code here with them."
    >
      <Stack gap="lg">
        <section aria-labelledby="new-key">
          <Title order={2} size="h4" id="new-key" mb="xs">
            New key
          </Title>
          <ApiKeyCreateForm />
        </section>
        <section aria-labelledby="keys">
          <Title order={2} size="h4" id="keys" mb="xs">
            Keys
          </Title>
          {keys.isFetching ? <Progress value={100} animated size="xs" aria-label="Loading keys" /> : null}
          {keys.error ? (
            <ErrorState title="Could not load the keys" message={errorMessage(keys.error)} onRetry={() => void keys.refetch()} />
          ) : !keys.data ? (
            <Text size="sm" c="dimmed">
              Loading keys…
            </Text>
          ) : keys.data.length === 0 ? (
            <EmptyState title="No API key yet" description="Create one above for a Judge0 client." />
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table striped aria-label="API keys">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Course</Table.Th>
                    <Table.Th>Created by</Table.Th>
                    <Table.Th>Rate</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {keys.data.map((k) => (
                    <Table.Tr key={k.id}>
                      <Table.Td>{k.name}</Table.Td>
                      <Table.Td>
                        <Code>{k.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{k.course.code}</Table.Td>
                      <Table.Td>{k.createdBy.name}</Table.Td>
                      <Table.Td>{k.requestsPerMinute}/min</Table.Td>
                      <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}</Table.Td>
                      <Table.Td>
                        {k.revokedAt ? (
                          <Badge color="gray">revoked {formatDateTime(k.revokedAt)}</Badge>
                        ) : (
                          <Badge color="green">active</Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {k.revokedAt ? null : (
                          <ConfirmButton
                            size="xs"
                            variant="default"
                            color="red"
                            aria-label={`Revoke ${k.name}`}
                            title={`Revoke ${k.name}?`}
                            message="Every request with this key is refused from now on. This cannot be undone: make a new key instead."
                            confirmLabel="Revoke key"
                            onConfirm={() => revoke.mutateAsync({ keyId: k.id })}
                          >
                            Revoke
                          </ConfirmButton>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </section>
      </Stack>
    </AdminFrame>
  );
}
