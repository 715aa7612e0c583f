import { Alert, Button, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";

export interface ErrorStateProps {
  /** A short headline, e.g. "Could not load your courses". */
  title: string;
  /** The reason, as a sentence. */
  message: ReactNode;
  /** When given, a "Try again" button calls it. */
  onRetry?: () => void;
  /** Extra actions, e.g. a link back to a safe page. */
  actions?: ReactNode;
}

/** A failed load: what failed, why, and a way forward. */
export function ErrorState({ title, message, onRetry, actions }: ErrorStateProps) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{message}</Text>
      {onRetry || actions ? (
        <Group gap="sm" mt="sm">
          {onRetry ? (
            <Button size="xs" variant="default" onClick={onRetry}>
              Try again
            </Button>
          ) : null}
          {actions}
        </Group>
      ) : null}
    </Alert>
  );
}
