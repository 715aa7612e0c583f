import { ErrorState, LoadingState, PageHeader } from "@codeclass/ui";
import { Alert, Box, Button, Center, Group, NativeSelect, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, lazy, Suspense, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import { FileTabs } from "../components/run/FileTabs.tsx";
import { entryFile, fileNameProblem, isBlank, type RunLanguage, type RunLanguageId, starters } from "../components/run/files.ts";
import { RecentRuns } from "../components/run/RecentRuns.tsx";
import { isRunShortcut, RunControls } from "../components/run/RunControls.tsx";
import type { RunTerminalHandle } from "../components/run/RunTerminal.tsx";
import { TerminalPanel } from "../components/run/TerminalPanel.tsx";
import { activePhases, useRun } from "../components/run/useRun.ts";
import { useWorkspace } from "../components/run/useWorkspace.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

// Monaco is large: it has its own chunk, fetched as soon as this page's code loads (in parallel
// with the page's data) and never by other pages.
const loadEditor = () => import("../components/run/CodeEditor.tsx");
void loadEditor().catch(() => {});
const CodeEditor = lazy(loadEditor);

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** /courses/:courseId/run — write a program, run it in the sandbox, and talk to it in a terminal. */
export function RunPage() {
  const { courseId = "" } = useParams();
  const trpc = useTRPC();
  const course = useQuery(trpc.course.get.queryOptions({ courseId }));
  const languages = useQuery(trpc.run.languages.queryOptions());
  usePageTitle(course.data ? `Run code · ${course.data.course.code}` : "Run code");

  const back = (
    <Button component={Link} to={`/courses/${courseId}`} size="xs" variant="default">
      Back to the course
    </Button>
  );
  if (course.isError)
    return (
      <CourseLoadError error={course.error} courseId={courseId} onRetry={() => void course.refetch()} title="Could not load the course" />
    );
  if (languages.isPending) return <LoadingState label="Loading the languages…" />;
  if (languages.isError) {
    return (
      <ErrorState
        headingOrder={1}
        title="Could not load the run page"
        message={errorMessage(languages.error)}
        onRetry={() => void languages.refetch()}
        actions={back}
      />
    );
  }

  const { languages: list, available, unavailableReason } = languages.data;
  const description = course.data ? [course.data.course.code, course.data.course.title].join(" · ") : undefined;
  return (
    <Stack gap="lg">
      <PageHeader title="Run code" description={description} actions={back} />
      <RunWorkspace key={courseId} courseId={courseId} languages={list} available={available} unavailableReason={unavailableReason} />
    </Stack>
  );
}

interface RunWorkspaceProps {
  courseId: string;
  languages: RunLanguage[];
  available: boolean;
  unavailableReason: string | null;
}

function RunWorkspace({ courseId, languages, available, unavailableReason }: RunWorkspaceProps) {
  const workspace = useWorkspace(
    courseId,
    languages.map((l) => l.id),
  );
  const language = languages.find((l) => l.id === workspace.language) ?? languages[0];
  const terminalRef = useRef<RunTerminalHandle>(null);
  const runner = useRun(courseId, terminalRef);
  const [checkError, setCheckError] = useState<string | null>(null);
  const active = activePhases.includes(runner.phase);

  useEffect(() => {
    terminalRef.current?.write(
      `\x1b[90mPress Run (${isMac ? "Cmd" : "Ctrl"}+Enter) to start your program. Its output appears here, and you can type its input here.\x1b[0m\r\n`,
    );
  }, []);

  if (!language) {
    return (
      <Alert color="yellow" title="No languages to run">
        The server offers no programming languages yet. Ask your administrator to set up the sandbox.
      </Alert>
    );
  }
  const entry = entryFile(language, workspace.files);

  /** What stops this run before it is sent, as a sentence that says what to do; null when it can go. */
  const problem = (): string | null => {
    for (const f of workspace.files) {
      const issue = fileNameProblem(
        f.path,
        workspace.files.filter((o) => o !== f).map((o) => o.path),
      );
      if (issue) return `The file name “${f.path}” cannot be used. ${issue} Use Rename to fix it.`;
    }
    if (!entry)
      return `There is no ${language.extensions[0] ?? ""} file to run. Add one with New file, such as ${starters[language.id].path}.`;
    if (isBlank(workspace.files)) return "Every file is empty: write some code first, or use Start over to get the example program.";
    return null;
  };

  const run = () => {
    if (!available || active) return;
    const issue = problem();
    setCheckError(issue);
    runner.clearStartError();
    if (issue || !entry) return;
    runner.run({ language: language.id, files: workspace.files, title: `${entry} · ${language.name}` });
    terminalRef.current?.reveal();
  };

  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    // Ctrl/Cmd+Enter runs from anywhere on the page (editor and terminal included), but not from a dialog.
    if (!isRunShortcut(event)) return;
    if (!event.currentTarget.contains(event.target as Node)) return;
    event.preventDefault();
    event.stopPropagation();
    run();
  };

  const errorText = checkError ?? runner.startError;

  return (
    <Stack gap="md" onKeyDownCapture={onKeyDownCapture}>
      {available ? null : (
        <Alert color="yellow" title="Running code is turned off on this server">
          {unavailableReason ?? "The sandbox that runs programs is not set up."} You can still write and edit your files; they are kept in
          this browser. Ask your administrator to set up the sandbox.
        </Alert>
      )}
      {/* Sticky, so Run, Stop and the status stay in view while the page scrolls to the terminal. */}
      <Group
        align="flex-end"
        gap="sm"
        wrap="wrap"
        py="xs"
        bg="var(--mantine-color-body)"
        style={{ position: "sticky", top: "var(--app-shell-header-offset, 60px)", zIndex: 3 }}
      >
        <RunControls phase={runner.phase} reconnecting={runner.reconnecting} canRun={available} onRun={run} onStop={runner.stop}>
          <NativeSelect
            label="Language"
            data={languages.map((l) => ({ value: l.id, label: l.name }))}
            value={language.id}
            onChange={(e) => {
              workspace.setLanguage(e.currentTarget.value as RunLanguageId);
              setCheckError(null);
            }}
            disabled={active}
            w={260}
          />
        </RunControls>
      </Group>
      <Text size="sm" c="dimmed">
        {entry ? (
          <>
            Run starts{" "}
            <Text span ff="monospace">
              {entry}
            </Text>
            .
          </>
        ) : (
          `Add a ${language.extensions[0] ?? ""} file to run.`
        )}
      </Text>
      {errorText ? (
        <Alert
          color="red"
          role="alert"
          title="The run did not start"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => {
            setCheckError(null);
            runner.clearStartError();
          }}
        >
          {errorText}
        </Alert>
      ) : null}

      <FileTabs
        files={workspace.files}
        activePath={workspace.activePath}
        language={language}
        onSelect={workspace.setActive}
        onAdd={workspace.addFile}
        onRename={workspace.renameFile}
        onDelete={workspace.deleteFile}
        onReset={workspace.reset}
      >
        <Suspense
          fallback={
            <Center h="min(55vh, 560px)" mih={280}>
              <LoadingState label="Loading the editor…" />
            </Center>
          }
        >
          <CodeEditor
            files={workspace.files}
            activePath={workspace.activePath}
            workspace={language.id}
            onChange={workspace.updateFile}
            revision={workspace.revision}
            height="min(55vh, 560px)"
          />
        </Suspense>
      </FileTabs>

      <TerminalPanel terminalRef={terminalRef} runner={runner} height="min(40vh, 360px)" />

      <Box mt="md">
        <RecentRuns courseId={courseId} languages={languages} />
      </Box>
    </Stack>
  );
}
