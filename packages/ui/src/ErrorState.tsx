import { Alert, Button, Group, Text, Title } from "@mantine/core";
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
  /** Render the title as a heading of this level, e.g. 1 when the error is the whole page. */
  headingOrder?: 1 | 2 | 3;
}

/** A failed load: what failed, why, and a way forward. */
export function ErrorState({ title, message, onRetry, actions, headingOrder }: ErrorStateProps) {
  const heading = headingOrder ? (
    <Title order={headingOrder} size="h4" fw={600}>
      {title}
    </Title>
  ) : (
    title
  );
  return (
    <Alert color="red" variant="light" title={heading} role="alert">
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
