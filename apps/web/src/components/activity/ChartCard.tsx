import type { ActivityChart } from "@codeclass/validators";
import { Box, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type ReactNode, useId, useState } from "react";
import { downloadText } from "../../lib/download.ts";
import { errorMessage } from "../../lib/errors.ts";
import { useTRPCClient } from "../../trpc.ts";

export interface ActivityQuery {
  /** Absent: the whole platform. */
  courseId?: string;
  from: string;
  to: string;
  timeZone: string;
}

export interface ChartCardProps {
  chart: ActivityChart;
  title: string;
  /** One sentence on what is counted. */
  description: string;
  query: ActivityQuery;
  /** The chart's figures in words: the accessible name of the figure, read by screen readers. */
  summary: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty: ReactNode | null;
  children: ReactNode;
}

/** One chart of the dashboard: a titled section with its chart (or an empty state) and a "Download CSV" button. */
export function ChartCard({ chart, title, description, query, summary, empty, children }: ChartCardProps) {
  const titleId = useId();
  const client = useTRPCClient();
  const [downloading, setDownloading] = useState(false);

  async function download() {
    setDownloading(true);
    try {
      const { filename, csv } = await client.activity.csv.query({ chart, ...query });
      downloadText(filename, csv);
    } catch (error) {
      notifications.show({ color: "red", title: `Could not download “${title}”`, message: `${errorMessage(error)} Try again.` });
    } finally {
      setDownloading(false);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby={titleId} padding="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} size="h4" id={titleId}>
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </div>
          <Button
            variant="default"
            size="xs"
            onClick={download}
            loading={downloading}
            aria-label={`Download CSV of ${title.toLowerCase()}`}
            style={{ flexShrink: 0 }}
          >
            Download CSV
          </Button>
        </Group>
        {empty ?? (
          // A figure, not an image: the chart inside stays reachable (recharts makes it keyboard-navigable).
          <Box component="figure" aria-label={summary} m={0}>
            {children}
          </Box>
        )}
      </Stack>
    </Card>
  );
}
