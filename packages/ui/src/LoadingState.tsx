import { Center, Loader, Stack, Text } from "@mantine/core";

export interface LoadingStateProps {
  /** What is loading, read out by screen readers and shown under the spinner. */
  label?: string;
}

/** A centred spinner for a page or section whose data has not arrived yet. */
export function LoadingState({ label = "Loading…" }: LoadingStateProps) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
