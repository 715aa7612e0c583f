import { LoadingState } from "@codeclass/ui";
import { addComment, createFile, deleteFile, getFiles, renameFile, resolveComment, setLanguage } from "@codeclass/workspace-doc";
import { Alert, Button, Center, NativeSelect, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { lazy, type ReactNode, Suspense, useEffect, useMemo, useRef, useState } from "react";
import type { RunLanguage, RunLanguageId } from "../run/files.ts";
import { suggestFileName } from "../run/files.ts";
import { ProblemsList } from "../run/ProblemsList.tsx";
import { runHint, runProblems } from "../run/problems.ts";
import { RunControls } from "../run/RunControls.tsx";
import { TerminalPanel } from "../run/TerminalPanel.tsx";
import { activePhases } from "../run/useRun.ts";
import { useRunFocus } from "../run/useRunFocus.ts";
import { EditorTabs, useOpenTabs } from "../workbench/EditorTabs.tsx";
import { FileTree, type FileTreeHandle } from "../workbench/FileTree.tsx";
import { Workbench, type WorkbenchHandle, type WorkbenchSideTab } from "../workbench/Workbench.tsx";
import { partActions, workbenchCommands } from "../workbench/workbenchCommands.ts";
import type { CollabEditorHandle } from "./CollabEditor.tsx";
import { CommentForm } from "./CommentForm.tsx";
import { CommentList } from "./CommentList.tsx";
import { ConnectionAlert } from "./ConnectionAlert.tsx";
import type { CollabConnection } from "./connection.ts";
import { EmptyWorkspace } from "./EmptyWorkspace.tsx";
import { renameProblem } from "./editLimits.ts";
import { PresenceList } from "./PresenceList.tsx";
import { type PresenceUser, usePeers } from "./presence.ts";
import { RemoteCursorStyles } from "./RemoteCursorStyles.tsx";
import { SyncBadge } from "./SyncBadge.tsx";
import { UndoButtons } from "./UndoButtons.tsx";
import { useActiveFile } from "./useActiveFile.ts";
import { usePresenceUser, useSyncState } from "./useCollab.ts";
import { useCommentNotices } from "./useCommentNotices.tsx";
import { useComments, useFilePaths, useMeta } from "./useDocState.ts";
import { useFollow } from "./useFollow.ts";
import { useLocalPresence } from "./useLocalPresence.ts";
import { useUndoManager } from "./useUndoManager.ts";
import { useWorkspaceRun } from "./useWorkspaceRun.ts";
import { useWorkspaceRunWatch } from "./useWorkspaceWatch.ts";

const CollabEditor = lazy(() => import("./CollabEditor.tsx"));

export interface WorkspaceIdeProps {
  courseId: string;
  workspaceId: string;
  conn: CollabConnection;
  /** The reader, as shown to others in the workspace. */
  me: PresenceUser;
  /** The heading, e.g. "My workspace" or "Ada Lovelace’s workspace". */
  title: string;
  languages: readonly RunLanguage[];
  /** The sandbox is set up (else Run is off, with `unavailableReason`). */
  sandboxAvailable: boolean;
  unavailableReason?: string | null;
  /** Read-only by the workspace's rules (a student on the demo); the server's word also counts. */
  readOnly: boolean;
  /** Staff: may add review comments. */
  canComment: boolean;
  /** Extra buttons for the toolbar (History, back to the list). */
  actions?: ReactNode;
  /** Follow mode, controlled: the user id followed (when present), and the change requests. */
  followUserId?: string | null;
  onFollowChange?: (userId: string | null) => void;
  /** Pane sizes are remembered per layout id ("workspace", "demo", "review"). Default "workspace". */
  layoutId?: string;
  /** More side tabs after Comments, People and Problems (the demo beside the code, history). */
  side?: readonly WorkbenchSideTab[];
  /** Brings this side tab into view whenever `key` changes (a submission's results, say). */
  reveal?: { side: string; key: string } | null;
  /** Whether this IDE answers the keyboard shortcuts (false while hidden behind another tab). Default true. */
  active?: boolean;
  /**
   * Follow runs others start here (`run.watchWorkspace`, one more event stream). Default true;
   * pages that already hold several streams (the session page) turn it off: a browser keeps at
   * most six HTTP/1.1 connections per server, and a seventh request would wait for one to close.
   */
  watchRuns?: boolean;
}

/** The collaborative IDE over one workspace document, as a full workbench: files, editor, terminal, comments, people. */
export function WorkspaceIde(props: WorkspaceIdeProps) {
  const { courseId, workspaceId, conn, me, title, languages, sandboxAvailable, unavailableReason, canComment, actions } = props;
  const state = useSyncState(conn);
  const readOnly = props.readOnly || state.readOnly;
  const { doc, awareness } = conn;
  usePresenceUser(conn, me);
  const peers = usePeers(awareness);
  const paths = useFilePaths(doc);
  const meta = useMeta(doc);
  const comments = useComments(doc);
  const [activePath, setActivePath] = useActiveFile(paths, meta.entry);
  const [openTabs, setOpenTabs] = useOpenTabs(paths, activePath);
  const { manager: undoManager, canUndo, canRedo } = useUndoManager(doc, !readOnly);
  const editorRef = useRef<CollabEditorHandle>(null);
  const treeRef = useRef<FileTreeHandle>(null);
  const workbenchRef = useRef<WorkbenchHandle>(null);
  const language = languages.find((l) => l.id === meta.language) ?? null;
  const reveal = props.reveal;
  // Only a new key reveals the tab again (the user may have left it meanwhile).
  useEffect(() => {
    if (reveal) workbenchRef.current?.show(`side:${reveal.side}`);
  }, [reveal?.key]);

  // Others see which file is open and when this client types (follow mode, the review panel).
  const onLocalEdit = useLocalPresence(awareness, activePath, peers.length);

  const follow = useFollow(peers, {
    userId: props.followUserId,
    onChange: props.onFollowChange,
    paths,
    activePath,
    setActivePath,
  });
  const canRun = sandboxAvailable && !readOnly && state.loaded;
  const { runner, terminalRef, run: runWith, error: errorText, clearError } = useWorkspaceRun(courseId, workspaceId, conn, canRun);
  const { focusTerminal } = useRunFocus(runner.phase, terminalRef, () => editorRef.current?.focus());
  const running = activePhases.includes(runner.phase);
  const run = () =>
    runWith(language, title, paths.length, () => {
      workbenchRef.current?.show("terminal");
      focusTerminal();
    });

  // A run someone else started here (the teacher ran the student's code, or the other way round).
  useWorkspaceRunWatch(workspaceId, !readOnly && props.watchRuns !== false, (other) => {
    if (other.startedBy.id === me.id || other.runId === runner.runId || runner.phase === "starting") return;
    runner.attach(other.runId, `${other.startedBy.name} ran this workspace`);
    workbenchRef.current?.show("terminal");
    notifications.show({
      title: `${other.startedBy.name} ran this workspace`,
      message: "The output is in the terminal.",
      autoClose: 6_000,
    });
  });

  const problems = useMemo(() => (language ? runProblems(language.id, runner.output, paths) : []), [language, runner.output, paths]);
  const hint = useMemo(
    () => (language ? runHint(language.id, runner.result, runner.output, paths) : null),
    [language, runner.result, runner.output, paths],
  );

  const openAt = (file: string, line: number, column?: number) => {
    if (!paths.includes(file)) return;
    setActivePath(file);
    follow.setFollowing(null);
    workbenchRef.current?.show("code");
    setTimeout(() => editorRef.current?.goToLine(line, column), 0);
  };
  const notices = useCommentNotices(comments, state.loaded, me.id, (c) => {
    workbenchRef.current?.show("side:comments");
    openAt(c.file, c.line);
  });

  const [commentAt, setCommentAt] = useState<{ file: string; line: number } | null>(null);
  const startComment = (line: number) => activePath && canComment && !readOnly && setCommentAt({ file: activePath, line });

  const commands = workbenchCommands({
    ...partActions({ workbench: workbenchRef, editor: editorRef, terminal: terminalRef, tree: treeRef, focusTerminal }, !readOnly),
    ...(readOnly ? {} : { run, canRun: canRun && !running, stop: runner.stop, running }),
    acceptingInput: runner.acceptingInput,
  });

  const toolbar = (
    <>
      <RemoteCursorStyles peers={peers} />
      <Title order={2} size="h5">
        {title}
      </Title>
      <SyncBadge state={state} />
      {readOnly ? (
        <Text size="sm" c="dimmed">
          Read-only
        </Text>
      ) : (
        <RunControls phase={runner.phase} reconnecting={runner.reconnecting} canRun={canRun} onRun={run} onStop={runner.stop}>
          <NativeSelect
            aria-label="Language"
            size="xs"
            data={[
              ...(language ? [] : [{ value: "", label: "Choose a language", disabled: true }]),
              ...languages.map((l) => ({ value: l.id, label: l.name })),
            ]}
            value={language?.id ?? ""}
            onChange={(e) => setLanguage(doc, e.currentTarget.value as RunLanguageId)}
            w={150}
          />
        </RunControls>
      )}
      {readOnly ? null : <UndoButtons manager={undoManager} canUndo={canUndo} canRedo={canRedo} />}
      {follow.followed && !follow.controlled ? (
        <Switch size="xs" label={`Follow ${follow.followed.state.user.name}`} checked onChange={() => follow.setFollowing(null)} />
      ) : null}
      {actions}
    </>
  );

  const editor = (
    <Stack gap={0} h="100%">
      <EditorTabs
        open={openTabs}
        active={activePath}
        onSelect={(p) => {
          setActivePath(p);
          follow.setFollowing(null);
        }}
        onClose={(rest, next) => {
          setOpenTabs(rest);
          if (next) setActivePath(next);
        }}
        right={
          canComment && !readOnly && activePath ? (
            <Button
              size="compact-xs"
              variant="subtle"
              mx={4}
              title="Or click the margin left of a line number"
              onClick={() => startComment(editorRef.current?.cursorLine() ?? 1)}
            >
              Comment on the cursor’s line
            </Button>
          ) : null
        }
      />
      {!state.loaded && !state.refused ? <LoadingState label="Loading the workspace…" /> : null}
      {state.loaded && paths.length === 0 && !readOnly ? <EmptyWorkspace doc={doc} language={language} /> : null}
      {commentAt ? (
        <CommentForm
          file={commentAt.file}
          line={commentAt.line}
          onCancel={() => {
            setCommentAt(null);
            editorRef.current?.focus();
          }}
          onSubmit={(text) => {
            addComment(doc, { file: commentAt.file, line: commentAt.line, text, authorId: me.id, authorName: me.name });
            setCommentAt(null);
          }}
        />
      ) : null}
      <div style={{ flex: 1, minHeight: 0 }}>
        <Suspense
          fallback={
            <Center h="100%">
              <LoadingState label="Loading the editor…" />
            </Center>
          }
        >
          <CollabEditor
            ref={editorRef}
            doc={doc}
            awareness={awareness}
            activePath={activePath}
            language={(language?.id ?? "python") as RunLanguageId}
            readOnly={readOnly || !state.loaded}
            undoManager={undoManager}
            comments={comments}
            onGutterClick={canComment ? startComment : undefined}
            followHead={follow.head}
            onLocalEdit={onLocalEdit}
            problems={problems}
          />
        </Suspense>
      </div>
    </Stack>
  );

  const side: WorkbenchSideTab[] = [
    {
      id: "comments",
      label: "Comments",
      badge: notices.unread,
      content: (
        <CommentList
          doc={doc}
          comments={comments}
          canResolve={!readOnly}
          onGoTo={(file, line) => openAt(file, line)}
          onResolve={(id, resolved) => resolveComment(doc, id, me.id, resolved)}
        />
      ),
    },
    {
      id: "people",
      label: "People",
      content: <PresenceList peers={peers} following={follow.following} onFollow={follow.setFollowing} />,
    },
    ...(readOnly
      ? []
      : [
          {
            id: "problems",
            label: "Problems",
            badge: problems.length,
            content: <ProblemsList problems={problems} onOpen={(p) => openAt(p.file, p.line, p.column)} />,
          },
        ]),
    ...(props.side ?? []),
  ];

  return (
    <Workbench
      ref={workbenchRef}
      layoutId={props.layoutId ?? "workspace"}
      label={title}
      active={props.active ?? true}
      commands={commands}
      toolbar={toolbar}
      onSideTabOpen={(id) => id === "comments" && notices.markRead()}
      notices={
        <>
          <ConnectionAlert state={state} onReconnect={() => conn.reconnect()} />
          {sandboxAvailable || readOnly ? null : (
            <Text size="xs" c="dimmed" px="sm">
              Running code is turned off on this server: {unavailableReason ?? "the sandbox is not set up"}. You can still edit; every
              change is saved.
            </Text>
          )}
          {errorText ? (
            <Alert
              color="red"
              role="alert"
              title="The run did not start"
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={clearError}
              p="xs"
              radius={0}
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
          activePath={activePath}
          readOnly={readOnly}
          hint={language ? `${language.name} files end in ${language.extensions.join(", ")}.` : "Give the file an extension, such as .py."}
          suggestName={(folder) => {
            const name = language
              ? suggestFileName(
                  language,
                  paths.map((path) => ({ path, content: "" })),
                )
              : "main.py";
            return folder ? `${folder}/${name.slice(name.lastIndexOf("/") + 1)}` : name;
          }}
          onOpen={(p) => {
            setActivePath(p);
            follow.setFollowing(null);
            workbenchRef.current?.show("code");
          }}
          onCreate={(p) => createFile(doc, p)}
          onRename={(from, to) => {
            const tooLarge = renameProblem(getFiles(doc).get(from));
            if (tooLarge) throw new Error(tooLarge);
            renameFile(doc, from, to);
            if (activePath === from) setActivePath(to);
          }}
          onDelete={(p) => deleteFile(doc, p)}
        />
      }
      editor={editor}
      terminal={
        readOnly ? (
          <Text size="sm" c="dimmed" p="sm">
            This workspace is read-only for you, so it cannot be run here.
          </Text>
        ) : (
          <TerminalPanel terminalRef={terminalRef} runner={runner} hint={hint} isFile={(p) => paths.includes(p)} onOpenLocation={openAt} />
        )
      }
      side={side}
      phoneActions={
        readOnly ? undefined : (
          <>
            <Button onClick={run} disabled={!canRun || running}>
              Run
            </Button>
            <Button color="red" variant="light" onClick={runner.stop} disabled={!running}>
              Stop
            </Button>
            <Button variant="default" onClick={() => terminalRef.current?.endInput()} disabled={!runner.acceptingInput}>
              Send EOF
            </Button>
          </>
        )
      }
    />
  );
}
