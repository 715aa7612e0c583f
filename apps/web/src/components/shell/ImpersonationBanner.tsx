import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { authClient } from "../../auth.ts";
import { errorMessage } from "../../lib/errors.ts";
import { sessionSwitchClient } from "../admin/sessionSwitch.ts";

/**
 * Shown on every page while an administrator is signed in as someone else (better-auth marks the
 * session `impersonatedBy`). Stopping is recorded in the audit log and signs the browser back in as
 * the administrator; the page then reloads so nothing cached as the other person stays on screen.
 */
export function ImpersonationBanner() {
  const session = authClient.useSession();
  const stop = useMutation({
    mutationFn: () => sessionSwitchClient.admin.stopImpersonating.mutate(),
    onSuccess: () => window.location.assign("/admin/users"),
  });
  const current = session.data;
  if (!current?.session.impersonatedBy) return null;
  const who = current.user.name ? `${current.user.name} (${current.user.email})` : current.user.email;

  return (
    <Alert color="orange" variant="filled" mb="md" role="region" aria-label="Impersonation" data-testid="impersonation-banner">
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm" fw={600}>
          You are signed in as {who}. What you do here is done as them.
        </Text>
        <Button size="xs" variant="white" color="orange" loading={stop.isPending} onClick={() => stop.mutate()}>
          Stop impersonating
        </Button>
      </Group>
      {stop.error ? (
        <Text size="sm" mt="xs" role="alert">
          Could not stop: {errorMessage(stop.error)} Sign out to end this session instead.
        </Text>
      ) : null}
    </Alert>
  );
}
