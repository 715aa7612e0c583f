import "@mantine/charts/styles.css";
import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Alert, Button, Card, Group, SimpleGrid, Stack, Switch, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AlertTable } from "../components/monitor/AlertTable.tsx";
import { FigureCard } from "../components/monitor/FigureCard.tsx";
import { RecentRunsTable } from "../components/monitor/RecentRunsTable.tsx";
import type { LiveMonitor } from "../components/monitor/types.ts";
import { formatWhen } from "../components/run/runFormat.ts";
import { useMe } from "../hooks/useMe.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

/** How often the page asks for fresh figures, ms. */
const refreshMs = 5000;

const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? "unknown" : n.toFixed(digits));
const pct = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? "unknown" : `${(ratio * 100).toFixed(1)} %`);
const bytes = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(0)} MiB`);

/** The cards of the live figures, each with its sparkline; a card is red while an alert on it fires. */
function Figures({ live, now }: { live: LiveMonitor; now: number }) {
  const f = live.figures;
  const firing = (id: string) => live.alerts.some((a) => a.id === id && a.firing);
  const runsPerMinute = f.runsLastMinute.reduce((n, r) => n + r.count, 0);
  const lastSign = f.workers?.lastHeartbeatAt ? formatWhen(new Date(f.workers.lastHeartbeatAt), now) : "none yet";
  const connections = f.database.connections.map((c) => `${c.count} ${c.state} (${c.application})`).join(", ");
  const pools = Object.entries(f.pools)
    .map(([name, p]) => `${name} pool ${p.total - p.idle} busy of ${p.max}${p.waiting ? `, ${p.waiting} waiting` : ""}`)
    .join("; ");
  const cards = [
    {
      title: "Queue depth",
      value: f.queue ? `${f.queue.depth} waiting` : "unknown",
      detail: f.queue
        ? `${f.queue.runsQueued} runs queued; ${
            Object.entries(f.queue.byTask)
              .map(([t, n]) => `${t}: ${n}`)
              .join(", ") || "no job waits"
          }`
        : undefined,
      history: "queueDepth" as const,
      alerting: firing("queue_depth"),
    },
    {
      title: "Oldest waiting job",
      value: f.queue ? `${num(f.queue.oldestSeconds, 1)} s` : "unknown",
      history: "oldestJobSeconds" as const,
      alerting: firing("oldest_job"),
    },
    {
      title: "Workers alive",
      value: f.workers ? String(f.workers.alive) : "unknown",
      detail: `Last sign of life: ${lastSign}; ${f.workers?.runsRunning ?? 0} runs running`,
      history: "workersAlive" as const,
      alerting: firing("no_worker"),
    },
    {
      title: "Runs in the last minute",
      value: String(runsPerMinute),
      detail: f.runsLastMinute.map((r) => `${r.language} ${r.verdict}: ${r.count}`).join(", ") || "none finished",
      history: "runsPerMinute" as const,
    },
    {
      title: "API p95 response time",
      value: f.api.p95Seconds === null ? "no requests" : `${(f.api.p95Seconds * 1000).toFixed(0)} ms`,
      detail: `${f.api.requests} requests in the last minute`,
      history: "apiP95Seconds" as const,
      alerting: firing("api_p95"),
    },
    {
      title: "API error rate",
      value: f.api.errorRate === null ? "too few requests" : pct(f.api.errorRate),
      detail: "5xx answers, judged from 20 requests a minute",
      history: "errorRatePercent" as const,
      alerting: firing("error_rate"),
    },
    {
      title: "Database",
      value: f.database.up ? `${num((f.database.probeSeconds ?? 0) * 1000, 1)} ms` : "not answering",
      detail: f.database.up
        ? `select 1 round trip; connections: ${connections || "none"}${f.database.maxConnections ? ` of ${f.database.maxConnections}` : ""}${pools ? `; ${pools}` : ""}`
        : (f.database.error ?? undefined),
      history: "dbProbeMs" as const,
      alerting: firing("database_down"),
    },
    { title: "CPU", value: pct(f.system.cpu), detail: "The whole machine", history: "cpuPercent" as const, alerting: firing("cpu") },
    {
      title: "Storage",
      value: pct(f.system.storage?.ratio),
      detail: f.system.storage
        ? `${bytes(f.system.storage.usedBytes)} of ${bytes(f.system.storage.totalBytes)} at ${f.system.storage.path}`
        : "The data directory's disk could not be read",
      history: "storagePercent" as const,
      alerting: firing("storage"),
    },
    {
      title: "Server memory",
      value: bytes(f.system.memoryRssBytes),
      detail: `Heap ${bytes(f.system.heapUsedBytes)}; up ${Math.round(f.system.uptimeSeconds / 60)} min`,
      history: "memoryRssMb" as const,
    },
    {
      title: "Event loop delay (p99)",
      value: `${num(f.system.eventLoopP99Seconds * 1000, 1)} ms`,
      history: "eventLoopP99Ms" as const,
    },
    {
      title: "Live collaboration",
      value: `${f.collab.connections} connections`,
      detail: `${f.collab.documents} documents open on this server`,
      history: "collabConnections" as const,
    },
    {
      title: "Sandbox",
      value: f.sandbox.available ? (f.sandbox.driver ?? "ready") : "unavailable",
      detail: f.sandbox.available
        ? `Running now: ${
            Object.entries(f.workers?.runningByDriver ?? {})
              .map(([d, n]) => `${d} ${n}`)
              .join(", ") || "none"
          }`
        : (f.sandbox.reason ?? undefined),
    },
  ];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
      {cards.map((c) => (
        <FigureCard key={c.title} live={live} {...c} />
      ))}
    </SimpleGrid>
  );
}

/** Admins' view of the platform's health: figures with their recent history, alerts with thresholds, the latest runs. */
export function AdminMonitorPage() {
  usePageTitle("Monitoring");
  const me = useMe();
  const trpc = useTRPC();
  const [auto, setAuto] = useState(true);
  const isAdmin = me.data?.role === "admin";
  const overview = useQuery({
    ...trpc.monitor.overview.queryOptions(),
    enabled: isAdmin,
    refetchInterval: auto ? refreshMs : false,
  });

  if (me.isPending) return <LoadingState label="Loading…" />;
  if (!isAdmin)
    return <ErrorState title="Only administrators can see monitoring" message="Ask an administrator if you need the platform's figures." />;
  if (overview.isPending) return <LoadingState label="Reading the figures…" />;
  if (overview.isError)
    return <ErrorState title="Could not read the figures" message={errorMessage(overview.error)} onRetry={() => void overview.refetch()} />;

  const { live, recentRuns } = overview.data;
  const now = overview.dataUpdatedAt;
  const firing = live?.alerts.filter((a) => a.firing) ?? [];
  return (
    <Stack gap="lg">
      <PageHeader title="Monitoring" description="The platform's health now and over the last minutes. Figures refresh on their own." />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Updated <time dateTime={new Date(now).toISOString()}>{new Date(now).toLocaleTimeString()}</time>
          {live ? `; alerts are checked every ${Math.round(live.intervalMs / 1000)} s` : ""}
        </Text>
        <Group gap="sm">
          <Switch label={`Refresh every ${refreshMs / 1000} s`} checked={auto} onChange={(e) => setAuto(e.currentTarget.checked)} />
          <Button variant="default" size="xs" onClick={() => void overview.refetch()} loading={overview.isFetching}>
            Refresh now
          </Button>
        </Group>
      </Group>
      {live ? (
        <>
          {firing.length > 0 ? (
            <Alert color="red" title={`${firing.length} alert${firing.length === 1 ? "" : "s"} firing`}>
              {firing.map((a) => a.title).join(", ")}
              {!live.sending
                ? "; this server does not send alerts (ALERTS=false): check the server that does."
                : live.webhookConfigured
                  ? "; the chat webhook and the administrators have been told."
                  : "; the administrators have been mailed."}
            </Alert>
          ) : null}
          <Figures live={live} now={now} />
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Alerts
            </Title>
            <AlertTable alerts={live.alerts} />
            {live.webhookConfigured || !live.sending ? null : (
              <Text size="sm" c="dimmed" mt="xs">
                No chat webhook is set: set ALERT_WEBHOOK_URL to post alerts to Slack or a compatible chat.
              </Text>
            )}
          </Card>
        </>
      ) : (
        <Alert color="gray" title="No live figures here">
          This server does not run the monitor; the latest runs are below.
        </Alert>
      )}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Latest runs
        </Title>
        <RecentRunsTable runs={recentRuns} now={now} />
      </Card>
    </Stack>
  );
}
