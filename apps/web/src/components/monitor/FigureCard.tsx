import { Sparkline } from "@mantine/charts";
import { Card, Group, Text } from "@mantine/core";
import type { HistoryKey, LiveMonitor } from "./types.ts";

export interface FigureCardProps {
  title: string;
  /** The figure now, as words ("3 jobs", "unknown"). */
  value: string;
  /** A second line: what the figure means or its parts. */
  detail?: string;
  /** The history key drawn as a sparkline. */
  history?: HistoryKey;
  live: LiveMonitor;
  /** Red when an alert on this figure fires. */
  alerting?: boolean;
}

/** One figure: its value now, a line of detail and its recent history as a sparkline. */
export function FigureCard({ title, value, detail, history, live, alerting }: FigureCardProps) {
  const points = history ? live.history.map((h) => h.values[history]) : [];
  const known = points.filter((p): p is number => p !== null);
  return (
    <Card
      withBorder
      padding="sm"
      aria-label={`${title}: ${value}`}
      style={alerting ? { borderColor: "var(--mantine-color-red-7)" } : undefined}
    >
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {title}
        </Text>
        {alerting ? (
          <Text size="xs" c="red.8" fw={700}>
            alert
          </Text>
        ) : null}
      </Group>
      <Text fw={700} fz="xl" data-figure={title}>
        {value}
      </Text>
      {detail ? (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      ) : null}
      {known.length > 1 ? (
        <Sparkline
          mt="xs"
          h={40}
          data={points}
          color={alerting ? "red" : "blue"}
          curveType="linear"
          fillOpacity={0.3}
          strokeWidth={1.5}
          aria-label={`${title} over the last ${live.history.length} samples: from ${known[0]} to ${known.at(-1)}, highest ${Math.max(...known)}`}
          role="img"
        />
      ) : null}
    </Card>
  );
}
