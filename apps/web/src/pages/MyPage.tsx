import { ErrorState, LoadingState, PageHeader, RoleBadge } from "@codeclass/ui";
import { Avatar, Button, Group, Stack, Tabs, Text } from "@mantine/core";
import { Link, useSearchParams } from "react-router";
import { DashboardPanel } from "../components/profile/DashboardPanel.tsx";
import { HistoryPanel } from "../components/profile/HistoryPanel.tsx";
import { useMe } from "../hooks/useMe.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";

const tabs = ["dashboard", "history"] as const;
type Tab = (typeof tabs)[number];

/** /me — who I am, my courses and sessions, and my learning history (the tab is in the URL: ?tab=history). */
export function MyPage() {
  usePageTitle("My page");
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (tabs as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "dashboard";

  if (me.isPending) return <LoadingState label="Loading your page…" />;
  if (me.isError)
    return (
      <ErrorState headingOrder={1} title="Could not load your page" message={errorMessage(me.error)} onRetry={() => void me.refetch()} />
    );

  return (
    <>
      <PageHeader title="My page" description="Your courses, upcoming sessions and everything you have run." />
      <Stack gap="lg">
        <Group gap="md" wrap="nowrap" align="center">
          <Avatar src={me.data.image} name={me.data.name} color="indigo" size={64} radius={64} alt="" aria-hidden />
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={600} size="lg">
                {me.data.name}
              </Text>
              <RoleBadge role={me.data.role} size="sm" />
            </Group>
            {me.data.bio ? (
              <Text size="sm" c="dimmed" lineClamp={2}>
                {me.data.bio}
              </Text>
            ) : null}
          </Stack>
          <Button component={Link} to="/profile" variant="default" size="xs" ml="auto">
            Edit profile and security
          </Button>
        </Group>
        <Tabs
          value={tab}
          onChange={(v) => setParams(v === "dashboard" ? {} : { tab: v ?? "dashboard" }, { replace: true })}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="dashboard">Dashboard</Tabs.Tab>
            <Tabs.Tab value="history">Learning history</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="dashboard" pt="md">
            <DashboardPanel />
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="md">
            <HistoryPanel />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}
