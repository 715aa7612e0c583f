import { LoadingState } from "@codeclass/ui";
import { Button, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { CourseDetail, SandboxLanguages, WorkspaceInfo } from "../api-types.ts";
import { DemoBeside } from "../components/collab/DemoBeside.tsx";
import { TemplateButton } from "../components/collab/TemplateButton.tsx";
import { useCollabConnection } from "../components/collab/useCollab.ts";
import { usePresenceMe } from "../components/collab/usePresenceMe.ts";
import { WorkspaceIde } from "../components/collab/WorkspaceIde.tsx";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { WorkbenchFrame, type WorkbenchSideTab } from "../components/workbench/Workbench.tsx";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { workspaceQueries } from "./workspacePrefetch.ts";

/** /courses/:courseId/workspace — the reader's collaborative workspace, and the instructor's demo beside it. */
export function WorkspacePage() {
  const { courseId = "" } = useParams();
  const q = workspaceQueries(courseId);
  const course = useQuery(q.course);
  const languages = useQuery(q.languages);
  const mine = useQuery(q.mine);
  const demo = useQuery(q.demo);
  usePageTitle(course.data ? `Workspace · ${course.data.course.code}` : "Workspace");

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
  return (
    <WorkbenchFrame>
      <WorkspaceTabs course={course.data} languages={languages.data} mine={mine.data} demo={demo.data ?? null} />
    </WorkbenchFrame>
  );
}

interface WorkspaceTabsProps {
  course: CourseDetail;
  languages: SandboxLanguages;
  mine: WorkspaceInfo;
  demo: WorkspaceInfo | null;
}

/**
 * "My workspace" and "Instructor demo" as tabs, each a full workbench; both stay connected, so
 * switching is instant. The demo is also a side tab of the reader's own workbench, beside their code.
 */
function WorkspaceTabs({ course, languages, mine, demo }: WorkspaceTabsProps) {
  const me = usePresenceMe(course.myRole);
  const staff = course.canSeeRoster;
  const courseId = course.course.id;
  const mineConn = useCollabConnection(mine.documentName);
  const demoConn = useCollabConnection(demo?.documentName ?? null);
  const [tab, setTab] = useLocalStorage<string>({ key: `codeclass:workspace-tab:${courseId}`, defaultValue: "mine" });
  const shown = demo && demoConn && tab === "demo" ? "demo" : "mine";
  // Each tab's workbench (an editor, a terminal) is built the first time it is shown, then kept:
  // opening the page builds one, not two, and switching back and forth stays instant.
  const [built, setBuilt] = useState<ReadonlySet<string>>(() => new Set([shown]));
  if (!built.has(shown)) setBuilt(new Set([...built, shown]));
  if (!me || !mineConn) return <LoadingState label="Connecting…" />;
  const historyTab = (id: string): WorkbenchSideTab => ({
    id: "history",
    label: "History",
    content: (
      <Stack gap="xs">
        <Text size="sm">Replay every edit of this workspace, step by step, with large pastes marked.</Text>
        <Button component={Link} to={`/courses/${courseId}/workspaces/${id}/history`} size="xs" variant="default">
          Open the history
        </Button>
      </Stack>
    ),
  });
  const common = {
    courseId,
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
      layoutId="workspace"
      active={shown === "mine"}
      side={[
        ...(demo && demoConn ? [{ id: "demo", label: "Demo", content: <DemoBeside conn={demoConn} readOnly={demo.readOnly} /> }] : []),
        historyTab(mine.id),
      ]}
      actions={
        <Button component={Link} to={`/courses/${courseId}/workspaces/${mine.id}/history`} size="compact-xs" variant="subtle">
          History
        </Button>
      }
    />
  );
  const pageBar = (list: React.ReactNode) => (
    <Group gap="sm" px="sm" py={4} wrap="nowrap" style={{ borderBottom: "1px solid var(--mantine-color-default-border)", flex: "none" }}>
      <Title order={1} size="h5" style={{ whiteSpace: "nowrap" }}>
        Workspace · {course.course.code}
      </Title>
      {list}
      <Button component={Link} to={`/courses/${courseId}`} size="compact-xs" variant="subtle" ml="auto">
        Back to the course
      </Button>
    </Group>
  );
  if (!demo || !demoConn)
    return (
      <Stack gap={0} h="100%">
        {pageBar(null)}
        <div style={{ flex: 1, minHeight: 0 }}>{mineIde}</div>
      </Stack>
    );
  const demoIde = (
    <WorkspaceIde
      {...common}
      workspaceId={demo.id}
      conn={demoConn}
      title="Instructor demo"
      readOnly={demo.readOnly}
      layoutId="demo"
      active={shown === "demo"}
      side={[historyTab(demo.id)]}
      actions={staff ? <TemplateButton courseId={courseId} workspaceId={demo.id} /> : undefined}
    />
  );
  return (
    <Tabs
      id="workspace-tabs"
      value={shown}
      onChange={(v) => setTab(v ?? "mine")}
      keepMounted
      variant="pills"
      style={{ display: "flex", flexDirection: "column", height: "100%" }}
    >
      {pageBar(
        <Tabs.List aria-label="Workspaces" style={{ flexWrap: "nowrap" }}>
          <Tabs.Tab value="mine">My workspace</Tabs.Tab>
          <Tabs.Tab value="demo">Instructor demo{demo.readOnly ? " (read-only)" : ""}</Tabs.Tab>
        </Tabs.List>,
      )}
      {/* Both stay laid out (hidden, not display:none), so a hidden workbench keeps its panes and editor. */}
      <div style={{ flex: 1, minHeight: 0, position: "relative" }}>
        {(["mine", "demo"] as const).map((value) => (
          <div
            key={value}
            role="tabpanel"
            id={`workspace-tabs-panel-${value}`}
            aria-labelledby={`workspace-tabs-tab-${value}`}
            inert={shown !== value}
            style={{ position: "absolute", inset: 0, visibility: shown === value ? "visible" : "hidden" }}
          >
            {built.has(value) ? (value === "mine" ? mineIde : demoIde) : null}
          </div>
        ))}
      </div>
    </Tabs>
  );
}
