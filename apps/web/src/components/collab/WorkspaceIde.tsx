import { LoadingState } from "@codeclass/ui";
import { addComment, createFile, deleteFile, getFiles, renameFile, resolveComment, setLanguage } from "@codeclass/workspace-doc";
import { Alert, Button, Center, Grid, Group, NativeSelect, Stack, Switch, Text, Title } from "@mantine/core";
import { type KeyboardEvent, lazy, type ReactNode, Suspense, useRef, useState } from "react";
import type { RunLanguage, RunLanguageId } from "../run/files.ts";
import { isRunShortcut, RunControls } from "../run/RunControls.tsx";
import { TerminalPanel } from "../run/TerminalPanel.tsx";
import type { CollabEditorHandle } from "./CollabEditor.tsx";
import { CommentForm } from "./CommentForm.tsx";
import { CommentList } from "./CommentList.tsx";
import { ConnectionAlert } from "./ConnectionAlert.tsx";
import type { CollabConnection } from "./connection.ts";
import { EmptyWorkspace } from "./EmptyWorkspace.tsx";
import { renameProblem } from "./editLimits.ts";
import { FileList } from "./FileList.tsx";
import { PresenceList } from "./PresenceList.tsx";
import { type PresenceUser, usePeers } from "./presence.ts";
import { RemoteCursorStyles } from "./RemoteCursorStyles.tsx";
import { SyncBadge } from "./SyncBadge.tsx";
import { UndoButtons } from "./UndoButtons.tsx";
import { useActiveFile } from "./useActiveFile.ts";
import { usePresenceUser, useSyncState } from "./useCollab.ts";
import { useComments, useFilePaths, useMeta } from "./useDocState.ts";
import { useFollow } from "./useFollow.ts";
import { useLocalPresence } from "./useLocalPresence.ts";
import { useUndoManager } from "./useUndoManager.ts";
import { useWorkspaceRun } from "./useWorkspaceRun.ts";

const CollabEditor = lazy(() => import("./CollabEditor.tsx"));

export interface WorkspaceIdeProps {
  courseId: string;
  workspaceId: string;
  conn: CollabConnection;
  /** The reader, as shown to others in the workspace. */
  me: PresenceUser;
  /** The heading, e.g. "Your workspace" or "Ada Lovelace's workspace". */
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
  editorHeight?: string;
  /** Narrow layout (side by side with another workspace): files above the editor. */
  compact?: boolean;
}

/** The collaborative IDE over one workspace document: files, editor, presence, comments, run. */
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
  const { manager: undoManager, canUndo, canRedo } = useUndoManager(doc, !readOnly);
  const editorRef = useRef<CollabEditorHandle>(null);
  const language = languages.find((l) => l.id === meta.language) ?? null;

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
  const run = () => runWith(language, title, paths.length);
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!isRunShortcut(event) || !event.currentTarget.contains(event.target as Node)) return;
    event.preventDefault();
    event.stopPropagation();
    run();
  };

  const [commentAt, setCommentAt] = useState<{ file: string; line: number } | null>(null);
  const startComment = (line: number) => activePath && canComment && !readOnly && setCommentAt({ file: activePath, line });

  return (
    <Stack gap="sm" onKeyDownCapture={onKeyDownCapture}>
      <RemoteCursorStyles peers={peers} />
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <Group gap="sm" align="center">
          <Title order={2} size="h3">
            {title}
          </Title>
          <SyncBadge state={state} />
          {readOnly ? (
            <Text size="sm" c="dimmed">
              Read-only
            </Text>
          ) : null}
        </Group>
        <Group gap="sm" wrap="wrap">
          <PresenceList peers={peers} following={follow.following} onFollow={follow.setFollowing} />
          {actions}
        </Group>
      </Group>
      <ConnectionAlert state={state} onReconnect={() => conn.reconnect()} />
      {!state.loaded && !state.refused ? <LoadingState label="Loading the workspace…" /> : null}
      <Group align="flex-end" gap="sm" wrap="wrap">
        {readOnly ? null : (
          <RunControls phase={runner.phase} reconnecting={runner.reconnecting} canRun={canRun} onRun={run} onStop={runner.stop}>
            <NativeSelect
              label="Language"
              data={[
                ...(language ? [] : [{ value: "", label: "Choose a language", disabled: true }]),
                ...languages.map((l) => ({ value: l.id, label: l.name })),
              ]}
              value={language?.id ?? ""}
              onChange={(e) => setLanguage(doc, e.currentTarget.value as RunLanguageId)}
              w={220}
            />
          </RunControls>
        )}
        {readOnly ? null : <UndoButtons manager={undoManager} canUndo={canUndo} canRedo={canRedo} />}
        {follow.followed && !follow.controlled ? (
          <Switch label={`Follow ${follow.followed.state.user.name}`} checked onChange={() => follow.setFollowing(null)} />
        ) : null}
      </Group>
      {sandboxAvailable || readOnly ? null : (
        <Text size="sm" c="dimmed">
          Running code is turned off on this server: {unavailableReason ?? "the sandbox is not set up"}. You can still edit; every change is
          saved.
        </Text>
      )}
      {errorText ? (
        <Alert color="red" role="alert" title="The run did not start" withCloseButton closeButtonLabel="Dismiss" onClose={clearError}>
          {errorText}
        </Alert>
      ) : null}
      <Grid gap="md">
        <Grid.Col span={props.compact ? 12 : { base: 12, md: 3 }}>
          <Stack gap="md">
            <FileList
              paths={paths}
              activePath={activePath}
              language={language}
              readOnly={readOnly}
              onSelect={(p) => {
                setActivePath(p);
                follow.setFollowing(null);
              }}
              onCreate={(p) => {
                createFile(doc, p);
                setActivePath(p);
              }}
              onRename={(from, to) => {
                const tooLarge = renameProblem(getFiles(doc).get(from));
                if (tooLarge) throw new Error(tooLarge);
                renameFile(doc, from, to);
                setActivePath(to);
              }}
              onDelete={(p) => deleteFile(doc, p)}
            />
            <CommentList
              doc={doc}
              comments={comments}
              canResolve={!readOnly}
              onGoTo={(file, line) => {
                setActivePath(file);
                follow.setFollowing(null);
                setTimeout(() => editorRef.current?.goToLine(line), 0);
              }}
              onResolve={(id, resolved) => resolveComment(doc, id, me.id, resolved)}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={props.compact ? 12 : { base: 12, md: 9 }}>
          <Stack gap="xs">
            {canComment && !readOnly && activePath ? (
              <Group gap="xs" justify="flex-end">
                <Text size="xs" c="dimmed">
                  Click the margin left of a line number, or
                </Text>
                <Button size="compact-sm" variant="light" onClick={() => startComment(editorRef.current?.cursorLine() ?? 1)}>
                  Comment on the cursor’s line
                </Button>
              </Group>
            ) : null}
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
            <Suspense
              fallback={
                <Center h={props.editorHeight ?? "min(60vh, 600px)"}>
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
                height={props.editorHeight ?? "min(60vh, 600px)"}
              />
            </Suspense>
          </Stack>
        </Grid.Col>
      </Grid>
      {readOnly ? null : <TerminalPanel terminalRef={terminalRef} runner={runner} height="min(35vh, 320px)" />}
    </Stack>
  );
}
