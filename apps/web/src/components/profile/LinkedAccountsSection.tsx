import { ErrorState, LoadingState } from "@codeclass/ui";
import { Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { authClient } from "../../auth.ts";
import { authErrorMessage } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { formatDateTime } from "../run/runFormat.ts";

const accountsKey = ["auth", "accounts"] as const;
const providerNames: Record<string, string> = { credential: "Email and password", github: "GitHub", google: "Google" };
const providerName = (id: string) => providerNames[id] ?? id;

/** The ways I can sign in: email and password, and OAuth accounts; link the configured ones I have not. */
export function LinkedAccountsSection() {
  const headingId = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const config = useQuery(trpc.system.config.queryOptions());
  const [busy, setBusy] = useState<string | null>(null);
  const accounts = useQuery({
    queryKey: accountsKey,
    queryFn: async () => {
      const { data, error } = await authClient.listAccounts();
      if (error) throw new Error(authErrorMessage(error));
      return data;
    },
  });

  const link = async (provider: "github" | "google") => {
    setBusy(provider);
    const { error } = await authClient.linkSocial({ provider, callbackURL: "/profile" });
    if (error) {
      setBusy(null);
      notifications.show({ color: "red", title: `Could not link ${providerName(provider)}`, message: authErrorMessage(error) });
    }
  };
  const unlink = async (providerId: string, accountId: string) => {
    setBusy(providerId);
    const { error } = await authClient.unlinkAccount({ accountId });
    setBusy(null);
    if (error) {
      notifications.show({ color: "red", title: `Could not unlink ${providerName(providerId)}`, message: authErrorMessage(error) });
      return;
    }
    notifications.show({ color: "green", message: `${providerName(providerId)} is no longer linked.` });
    await queryClient.invalidateQueries({ queryKey: accountsKey });
  };

  const linked = new Set(accounts.data?.map((a) => a.providerId));
  const linkable = (config.data?.socialProviders ?? []).filter((p) => !linked.has(p));

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        Sign-in methods
      </Title>
      {accounts.isPending ? (
        <LoadingState label="Loading your sign-in methods…" />
      ) : accounts.isError ? (
        <ErrorState title="Could not load your sign-in methods" message={accounts.error.message} onRetry={() => void accounts.refetch()} />
      ) : (
        <List spacing="xs" listStyleType="none" aria-labelledby={headingId}>
          {accounts.data.map((a) => (
            <List.Item key={a.id}>
              <Group gap="sm">
                <Text size="sm" fw={500}>
                  {providerName(a.providerId)}
                </Text>
                <Text size="xs" c="dimmed">
                  since {formatDateTime(new Date(a.createdAt))}
                </Text>
                {a.providerId !== "credential" && accounts.data.length > 1 ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    loading={busy === a.providerId}
                    onClick={() => void unlink(a.providerId, a.accountId)}
                  >
                    Unlink
                  </Button>
                ) : null}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {linkable.length > 0 ? (
        <Group gap="sm">
          {linkable.map((p) => (
            <Button key={p} size="xs" variant="default" loading={busy === p} onClick={() => void link(p)}>
              Link {providerName(p)}
            </Button>
          ))}
        </Group>
      ) : null}
      <Text size="xs" c="dimmed">
        You need at least one way to sign in: the last one cannot be unlinked.
      </Text>
    </Stack>
  );
}
