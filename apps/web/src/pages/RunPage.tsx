import { ConfirmButton, ErrorState, LoadingState } from "@codeclass/ui";
import { Alert, Button, Center, NativeSelect, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { CourseLoadError } from "../components/course/CourseLoadError.tsx";
import type { CodeEditorHandle } from "../components/run/CodeEditor.tsx";
import {
  entryFile,
  fileNameProblem,
  isBlank,
  type RunLanguage,
  type RunLanguageId,
  starters,
  suggestFileName,
} from "../components/run/files.ts";
import type { Problem } from "../components/run/markers.ts";
import { ProblemsList } from "../components/run/ProblemsList.tsx";
import { runHint, runProblems } from "../components/run/problems.ts";
import { RecentRuns } from "../components/run/RecentRuns.tsx";
import { RunControls } from "../components/run/RunControls.tsx";
import type { RunTerminalHandle } from "../components/run/RunTerminal.tsx";
import { TerminalPanel } from "../components/run/TerminalPanel.tsx";
import { activePhases, useRun } from "../components/run/useRun.ts";
import { useRunFocus } from "../components/run/useRunFocus.ts";
import { useWorkspace } from "../components/run/useWorkspace.ts";
import { EditorTabs, useOpenTabs } from "../components/workbench/EditorTabs.tsx";
import { FileTree, type FileTreeHandle } from "../components/workbench/FileTree.tsx";
import { Workbench, WorkbenchFrame, type WorkbenchHandle } from "../components/workbench/Workbench.tsx";
import { partActions, workbenchCommands } from "../components/workbench/workbenchCommands.ts";
import { usePageTitle } from "../hooks/usePageTitle.ts";
import { errorMessage } from "../lib/errors.ts";
import { useTRPC } from "../trpc.ts";

// Monaco is large: it has its own chunk, fetched as soon as this page's code loads (in parallel
// with the page's data) and never by other pages.
const loadEditor = () => import("../components/run/CodeEditor.tsx");
void loadEditor().catch(() => {});
const CodeEditor = lazy(loadEditor);

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
  if (list.length === 0) {
    return (
      <Alert color="yellow" title="No languages to run">
        The server offers no programming languages yet. Ask your administrator to set up the sandbox.
      </Alert>
    );
  }
  return (
    <WorkbenchFrame>
      <RunWorkspace
        key={courseId}
        courseId={courseId}
        courseCode={course.data?.course.code ?? null}
        languages={list}
        available={available}
        unavailableReason={unavailableReason}
      />
    </WorkbenchFrame>
  );
}

interface RunWorkspaceProps {
  courseId: string;
  courseCode: string | null;
  languages: RunLanguage[];
  available: boolean;
  unavailableReason: string | null;
}

function RunWorkspace({ courseId, courseCode, languages, available, unavailableReason }: RunWorkspaceProps) {
  const workspace = useWorkspace(
    courseId,
    languages.map((l) => l.id),
  );
  const language = languages.find((l) => l.id === workspace.language) ?? languages[0]!;
  const terminalRef = useRef<RunTerminalHandle>(null);
  const editorRef = useRef<CodeEditorHandle>(null);
  const treeRef = useRef<FileTreeHandle>(null);
  const workbenchRef = useRef<WorkbenchHandle>(null);
  const runner = useRun(courseId, terminalRef);
  const [checkError, setCheckError] = useState<string | null>(null);
  const active = activePhases.includes(runner.phase);
  const paths = useMemo(() => workspace.files.map((f) => f.path), [workspace.files]);
  const [openTabs, setOpenTabs] = useOpenTabs(paths, workspace.activePath);
  const { focusTerminal } = useRunFocus(runner.phase, terminalRef, () => editorRef.current?.focus());
  const problems = useMemo(() => runProblems(language.id, runner.output, paths), [language.id, runner.output, paths]);
  const hint = useMemo(() => runHint(language.id, runner.result, runner.output, paths), [language.id, runner.result, runner.output, paths]);

  useEffect(() => {
    terminalRef.current?.write("\x1b[90mPress Run to start your program. Its output appears here, and you type its input here.\x1b[0m\r\n");
  }, []);
  // A run with problems shows them beside the code.
  useEffect(() => {
    if (problems.length) workbenchRef.current?.show("side:problems");
  }, [problems]);

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
    runner.run({ language: language.id, files: workspace.currentFiles(), title: `${entry} · ${language.name}` });
    workbenchRef.current?.show("terminal");
    focusTerminal();
  };

  const open = (path: string) => {
    workspace.setActive(path);
    workbenchRef.current?.show("code");
  };
  const openAt = (file: string, line: number, column?: number) => {
    if (!paths.includes(file)) return;
    open(file);
    setTimeout(() => editorRef.current?.goToLine(line, column), 0);
  };

  const commands = workbenchCommands({
    ...partActions({ workbench: workbenchRef, editor: editorRef, terminal: terminalRef, tree: treeRef, focusTerminal }, true),
    run,
    canRun: available && !active,
    stop: runner.stop,
    running: active,
    acceptingInput: runner.acceptingInput,
  });

  const errorText = checkError ?? runner.startError;
  const hintText = `${language.name} files end in ${language.extensions.join(", ")}.`;

  return (
    <Workbench
      ref={workbenchRef}
      layoutId="run"
      label="Run code"
      commands={commands}
      toolbar={
        <>
          <Title order={1} size="h5" mr="xs">
            Run code{courseCode ? ` · ${courseCode}` : ""}
          </Title>
          <RunControls phase={runner.phase} reconnecting={runner.reconnecting} canRun={available} onRun={run} onStop={runner.stop}>
            <NativeSelect
              aria-label="Language"
              size="xs"
              data={languages.map((l) => ({ value: l.id, label: l.name }))}
              value={language.id}
              onChange={(e) => {
                workspace.setLanguage(e.currentTarget.value as RunLanguageId);
                setCheckError(null);
              }}
              disabled={active}
              w={170}
            />
          </RunControls>
          <Text size="xs" c="dimmed" visibleFrom="lg">
            {entry ? `Run starts ${entry}` : `Add a ${language.extensions[0] ?? ""} file to run.`}
          </Text>
          <ConfirmButton
            size="compact-xs"
            variant="subtle"
            title="Start over?"
            message={`All your ${language.name} files in this course are replaced by the starter program. This cannot be undone.`}
            confirmLabel="Start over"
            onConfirm={workspace.reset}
          >
            Start over
          </ConfirmButton>
          <Button component={Link} to={`/courses/${courseId}`} size="compact-xs" variant="subtle">
            Back to the course
          </Button>
        </>
      }
      notices={
        <>
          {available ? null : (
            <Alert color="yellow" title="Running code is turned off on this server" p="xs" radius={0}>
              {unavailableReason ?? "The sandbox that runs programs is not set up."} You can still write and edit your files; they are kept
              in this browser. Ask your administrator to set up the sandbox.
            </Alert>
          )}
          {errorText ? (
            <Alert
              color="red"
              role="alert"
              title="The run did not start"
              withCloseButton
              closeButtonLabel="Dismiss"
              p="xs"
              radius={0}
              onClose={() => {
                setCheckError(null);
                runner.clearStartError();
              }}
            >
              {errorText}
            </Alert>
          ) : null}
        </>
      }
      files={
        <FileTree
          ref={treeRef}
          paths={paths}
          activePath={workspace.activePath}
          readOnly={false}
          hint={hintText}
          suggestName={(folder) => {
            const name = suggestFileName(language, workspace.files);
            return folder ? `${folder}/${name.slice(name.lastIndexOf("/") + 1)}` : name;
          }}
          onOpen={open}
          onCreate={(path) => {
            const issue = fileNameProblem(path, paths);
            if (issue) throw new Error(issue);
            workspace.addFile(path);
          }}
          onRename={(from, to) => {
            const issue = fileNameProblem(
              to,
              paths.filter((p) => p !== from),
            );
            if (issue) throw new Error(issue);
            workspace.renameFile(from, to);
          }}
          onDelete={(path) => {
            if (paths.length <= 1) throw new Error("Keep at least one file: add another before deleting this one");
            workspace.deleteFile(path);
          }}
        />
      }
      editor={
        <div style={{ display: "flex", flexDirection: "column", height: "100%" }}>
          <EditorTabs
            open={openTabs}
            active={workspace.activePath}
            onSelect={open}
            onClose={(rest, next) => {
              setOpenTabs(rest);
              if (next) workspace.setActive(next);
            }}
          />
          <div style={{ flex: 1, minHeight: 0 }}>
            <Suspense
              fallback={
                <Center h="100%">
                  <LoadingState label="Loading the editor…" />
                </Center>
              }
            >
              <CodeEditor
                ref={editorRef}
                files={workspace.files}
                activePath={workspace.activePath}
                workspace={language.id}
                onChange={workspace.updateFile}
                revision={workspace.revision}
                problems={problems}
              />
            </Suspense>
          </div>
        </div>
      }
      terminal={
        <TerminalPanel terminalRef={terminalRef} runner={runner} hint={hint} isFile={(p) => paths.includes(p)} onOpenLocation={openAt} />
      }
      side={[
        {
          id: "problems",
          label: "Problems",
          badge: problems.length,
          content: <ProblemsList problems={problems} onOpen={(p: Problem) => openAt(p.file, p.line, p.column)} />,
        },
        { id: "runs", label: "Recent runs", content: <RecentRuns courseId={courseId} languages={languages} /> },
      ]}
      phoneActions={
        <>
          <Button onClick={run} disabled={!available || active}>
            Run
          </Button>
          <Button color="red" variant="light" onClick={runner.stop} disabled={!active}>
            Stop
          </Button>
          <Button variant="default" onClick={() => terminalRef.current?.endInput()} disabled={!runner.acceptingInput}>
            Send EOF
          </Button>
        </>
      }
    />
  );
}
