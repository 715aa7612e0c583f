import { EmptyState as MantineEmptyState } from "@mantine/core";
import type { ReactNode } from "react";

export interface EmptyStateProps {
  /** What is missing, e.g. "No courses yet". */
  title: string;
  /** What the reader can do about it. */
  description: ReactNode;
  /** A button or link that does it. */
  action?: ReactNode;
}

/** Shown in place of an empty list: says what is missing and what to do next. */
export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <MantineEmptyState
      title={title}
      description={description}
      py="xl"
      px="md"
      bd="1px dashed var(--mantine-color-default-border)"
      bdrs="md"
    >
      {action ? <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions> : null}
    </MantineEmptyState>
  );
}
