import { LoadingState, PageHeader } from "@codeclass/ui";
import { Button, Grid, Stack, Switch, Tabs } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { CourseDetail, SandboxLanguages, WorkspaceInfo } from "../api-types.ts";
import { TemplateButton } from "../components/collab/TemplateButton.tsx";
import { useCollabConnection } from "../components/collab/useCollab.ts";
import { usePresenceMe } from "../components/collab/usePresenceMe.ts";
import { WorkspaceIde } from "../components/collab/WorkspaceIde.tsx";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { useTRPC } from "../trpc.ts";

/** /courses/:courseId/workspace — the reader's collaborative workspace, and the instructor's demo beside it. */
export function WorkspacePage() {
  const { courseId = "" } = useParams();
  const trpc = useTRPC();
  const course = useQuery(trpc.course.get.queryOptions({ courseId }));
  const languages = useQuery(trpc.run.languages.queryOptions());
  const mine = useQuery(trpc.workspace.getOrCreate.queryOptions({ courseId }, { staleTime: Number.POSITIVE_INFINITY }));
  const demo = useQuery(trpc.workspace.getOrCreateDemo.queryOptions({ courseId }, { staleTime: Number.POSITIVE_INFINITY }));
  usePageTitle(course.data ? `Workspace · ${course.data.course.code}` : "Workspace");

  const back = (
    <Button component={Link} to={`/courses/${courseId}`} size="xs" variant="default">
      Back to the course
    </Button>
  );
  const failed = [course, languages, mine].find((q) => q.isError);
  if (failed?.isError)
    return (
      <CourseLoadError
        error={failed.error}
        courseId={courseId}
        onRetry={() => void failed.refetch()}
        title="Could not open the workspace"
      />
    );
  if (!course.data || !languages.data || !mine.data) return <LoadingState label="Opening your workspace…" />;
  const description = [course.data.course.code, course.data.course.title].join(" · ");
  return (
    <Stack gap="md">
      <PageHeader title="Workspace" description={description} actions={back} />
      <WorkspaceTabs course={course.data} languages={languages.data} mine={mine.data} demo={demo.data ?? null} />
    </Stack>
  );
}

interface WorkspaceTabsProps {
  course: CourseDetail;
  languages: SandboxLanguages;
  mine: WorkspaceInfo;
  demo: WorkspaceInfo | null;
}

/** "My workspace" and "Instructor demo" as tabs; both stay connected, so switching is instant. */
function WorkspaceTabs({ course, languages, mine, demo }: WorkspaceTabsProps) {
  const me = usePresenceMe(course.myRole);
  const staff = course.canSeeRoster;
  const mineConn = useCollabConnection(mine.documentName);
  const demoConn = useCollabConnection(demo?.documentName ?? null);
  const [tab, setTab] = useLocalStorage<string>({ key: `codeclass:workspace-tab:${course.course.id}`, defaultValue: "mine" });
  const [split, setSplit] = useLocalStorage<boolean>({ key: "codeclass:workspace-split", defaultValue: false });
  if (!me || !mineConn) return <LoadingState label="Connecting…" />;
  const history = (id: string) => (
    <Button component={Link} to={`/courses/${course.course.id}/workspaces/${id}/history`} size="xs" variant="default">
      History
    </Button>
  );
  const common = {
    courseId: course.course.id,
    me,
    languages: languages.languages,
    sandboxAvailable: languages.available,
    unavailableReason: languages.unavailableReason,
    canComment: staff,
  };
  const mineIde = (
    <WorkspaceIde
      {...common}
      workspaceId={mine.id}
      conn={mineConn}
      title="My workspace"
      readOnly={mine.readOnly}
      actions={history(mine.id)}
      compact={split}
    />
  );
  if (!demo || !demoConn) return mineIde;
  const demoIde = (
    <WorkspaceIde
      {...common}
      workspaceId={demo.id}
      conn={demoConn}
      title="Instructor demo"
      readOnly={demo.readOnly}
      actions={
        staff ? (
          <>
            <TemplateButton courseId={course.course.id} workspaceId={demo.id} />
            {history(demo.id)}
          </>
        ) : undefined
      }
      compact={split}
    />
  );
  const splitSwitch = (
    <Switch
      label="Side by side"
      description="Your workspace and the demo next to each other"
      checked={split}
      onChange={(e) => setSplit(e.currentTarget.checked)}
      visibleFrom="md"
    />
  );
  if (split) {
    return (
      <Stack gap="sm">
        {splitSwitch}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>{mineIde}</Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>{demoIde}</Grid.Col>
        </Grid>
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      {splitSwitch}
      <Tabs value={tab === "demo" ? "demo" : "mine"} onChange={(v) => setTab(v ?? "mine")} keepMounted variant="outline">
        <Tabs.List aria-label="Workspaces">
          <Tabs.Tab value="mine">My workspace</Tabs.Tab>
          <Tabs.Tab value="demo">Instructor demo{demo.readOnly ? " (read-only)" : ""}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mine" pt="md">
          {mineIde}
        </Tabs.Panel>
        <Tabs.Panel value="demo" pt="md">
          {demoIde}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
