import type { Comment } from "@codeclass/workspace-doc";
import { Box } from "@mantine/core";
import { type Ref, useCallback, useId, useImperativeHandle, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import type { RunLanguageId } from "../run/files.ts";
import { type Problem, revealLine } from "../run/markers.ts";
import { monaco, useEditorAppearance } from "../run/monaco.ts";
import { type Bound, usePasteGuard } from "./binding.ts";
import "./collabEditor.css";
import {
  useCollabMonaco,
  useCollabUndo,
  useCommentMarkers,
  useFollowHead,
  useProblemMarkers,
  useReadOnly,
  useShownFile,
  useYjsBindings,
} from "./collabEditorHooks.ts";
import { useRemoteCursors } from "./remoteCursors.ts";

export interface CollabEditorHandle {
  /** The 1-based line of the cursor, or 1. */
  cursorLine(): number;
  /** Scrolls a line into view and puts the cursor on it. */
  goToLine(line: number, column?: number): void;
  focus(): void;
  /** Ctrl+M: whether Tab moves the focus out instead of indenting. */
  toggleTabFocus(): void;
}

export interface CollabEditorProps {
  ref?: Ref<CollabEditorHandle>;
  doc: Y.Doc;
  /** Selections and the open file are published here; remote ones are drawn. Null: no presence. */
  awareness: Awareness | null;
  /** The file shown; null shows nothing (a workspace with no files). */
  activePath: string | null;
  /** The workspace's language, for highlighting headers (.h is C or C++). */
  language: RunLanguageId;
  readOnly: boolean;
  /** Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (and Ctrl+Y) go to this manager instead of Monaco's own undo. */
  undoManager: Y.UndoManager | null;
  /** Comments of every file; the open file's unresolved ones are marked in the gutter. */
  comments: readonly Comment[];
  /** A click on the gutter's comment margin (staff: add a comment on that line). */
  onGutterClick?: (line: number) => void;
  /** When set, the view scrolls to this (remote) selection head in the open file. */
  followHead?: Y.RelativePosition | null;
  /** Local keystrokes (for `typingAt`). */
  onLocalEdit?: () => void;
  /** The last run's problems, marked on their files and lines. */
  problems?: readonly Problem[];
}

/**
 * Monaco over a workspace's Y.Doc: one model per file, each bound to its Y.Text with y-monaco,
 * with remote cursors, comment markers, follow mode and collaborative undo. It fills its box.
 */
export default function CollabEditor(props: CollabEditorProps) {
  const { ref, doc, awareness, activePath, language, readOnly, undoManager, comments, onGutterClick, followHead, onLocalEdit } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const boundRef = useRef(new Map<string, Bound>());
  // Unique per editor, so two editors of one document (the demo, full-size and side by side) never share models.
  const instance = useId().replace(/[^a-zA-Z0-9]/g, "");
  const uriFor = useCallback(
    (path: string) => monaco.Uri.from({ scheme: "file", path: `/ws-${doc.guid}-${instance}/${path}` }),
    [doc, instance],
  );

  const editorRef = useCollabMonaco(hostRef, boundRef, awareness, onGutterClick);
  useEditorAppearance(editorRef);
  useReadOnly(editorRef, readOnly);
  useCollabUndo(editorRef, undoManager);
  useYjsBindings(editorRef, boundRef, doc, undoManager, language, uriFor, onLocalEdit);
  // A paste over the limits is refused before Monaco applies it (bindFile checks every other change).
  usePasteGuard(editorRef, hostRef, doc);
  useShownFile(editorRef, boundRef, doc, activePath, awareness, readOnly);
  useCommentMarkers(editorRef, doc, comments, activePath);
  useRemoteCursors(editorRef, boundRef, doc, awareness);
  useFollowHead(editorRef, boundRef, doc, followHead, activePath);
  useProblemMarkers(boundRef, doc, props.problems ?? noProblems);

  useImperativeHandle(
    ref,
    () => ({
      cursorLine: () => editorRef.current?.getPosition()?.lineNumber ?? 1,
      goToLine: (line, column) => editorRef.current && revealLine(editorRef.current, line, column),
      focus: () => editorRef.current?.focus(),
      toggleTabFocus: () => {
        editorRef.current?.focus();
        editorRef.current?.trigger("palette", "editor.action.toggleTabFocusMode", null);
      },
    }),
    [editorRef],
  );

  return <Box ref={hostRef} h="100%" mih={120} style={{ overflow: "hidden" }} />;
}

const noProblems: readonly Problem[] = [];
