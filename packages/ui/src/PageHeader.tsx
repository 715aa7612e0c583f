import { Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export interface PageHeaderProps {
  /** The page's only level-one heading. */
  title: ReactNode;
  /** A line under the title, e.g. a course's code and term. */
  description?: ReactNode;
  /** Badges shown beside the title. */
  badges?: ReactNode;
  /** Buttons for the page's main actions, placed on the right. */
  actions?: ReactNode;
}

/** The heading block at the top of every page. */
export function PageHeader({ title, description, badges, actions }: PageHeaderProps) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="md" mb="lg">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>
            {title}
          </Title>
          {badges}
        </Group>
        {description ? (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? (
        <Group gap="sm" wrap="wrap">
          {actions}
        </Group>
      ) : null}
    </Group>
  );
}
