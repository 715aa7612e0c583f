import { Alert, Button, Group, Text } from "@mantine/core";
import type { SyncState } from "./connection.ts";

/** Why a workspace is not connected, and what to do about it; nothing when all is well. */
export function ConnectionAlert({ state, onReconnect }: { state: SyncState; onReconnect: () => void }) {
  if (state.refused) {
    return (
      <Alert color="red" role="alert" title="The server refused this workspace">
        <Text size="sm">
          Reason: {state.refused}. If your session ended, sign in again and reload this page; if you should have access, ask the course’s
          instructor.
        </Text>
        <Group mt="xs">
          <Button size="xs" variant="default" onClick={onReconnect}>
            Try again
          </Button>
        </Group>
      </Alert>
    );
  }
  if (state.closedReason) {
    return (
      <Alert color="red" role="alert" title="The server closed this workspace">
        <Text size="sm">
          Reason: {state.closedReason}. Your last change was not saved: undo it (Ctrl+Z) or make it smaller, then press Reconnect.
        </Text>
        <Group mt="xs">
          <Button size="xs" variant="default" onClick={onReconnect}>
            Reconnect
          </Button>
        </Group>
      </Alert>
    );
  }
  return null;
}
