import { type Comment, getFiles } from "@codeclass/workspace-doc";
import { Box, useComputedColorScheme } from "@mantine/core";
import { type Ref, useEffect, useImperativeHandle, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { editorLanguage, type RunLanguageId } from "../run/files.ts";
import { createCodeEditor, monaco } from "../run/monaco.ts";
import { type Bound, bindFile, shownEntry, showRefusal, usePasteGuard } from "./binding.ts";
import "./collabEditor.css";
import { commentDecorations } from "./commentMarkers.ts";
import { selectionOf, useRemoteCursors } from "./remoteCursors.ts";
import { positionIn } from "./remoteData.ts";

export interface CollabEditorHandle {
  /** The 1-based line of the cursor, or 1. */
  cursorLine(): number;
  /** Scrolls a line into view and puts the cursor on it. */
  goToLine(line: number): void;
  focus(): void;
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
  height: string;
}

/** A stable, per-document URI, so models of two open workspaces (own and demo) never mix. */
function uriFor(doc: Y.Doc, path: string) {
  return monaco.Uri.from({ scheme: "file", path: `/ws-${doc.guid}/${path}` });
}

/** Monaco over a workspace's Y.Doc: one model per file, each bound to its Y.Text with y-monaco. */
export default function CollabEditor(props: CollabEditorProps) {
  const { ref, doc, awareness, activePath, language, readOnly, undoManager, comments, onGutterClick, followHead, onLocalEdit, height } =
    props;
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const boundRef = useRef(new Map<string, Bound>());
  const viewStates = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());
  const shownRef = useRef<string | null>(null);
  const decorationsRef = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const callbacks = useRef({ onGutterClick, onLocalEdit });
  callbacks.current = { onGutterClick, onLocalEdit };
  const scheme = useComputedColorScheme("light");
  const languageRef = useRef(language);
  const awarenessRef = useRef(awareness);
  awarenessRef.current = awareness;

  // One editor for the component's life.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const editor = createCodeEditor(host, {
      glyphMargin: true,
      // Room above the first line for a remote cursor's name label.
      padding: { top: 16 },
    });
    editorRef.current = editor;
    decorationsRef.current = editor.createDecorationsCollection();
    const mouse = editor.onMouseDown((e) => {
      if (e.target.type === monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN && e.target.position)
        callbacks.current.onGutterClick?.(e.target.position.lineNumber);
    });
    // Others see this client's selection in the shown file (y-monaco is given no awareness: binding.ts).
    const cursor = editor.onDidChangeCursorSelection(() => {
      const entry = shownEntry(editor, boundRef.current);
      if (entry) publishSelection(editor, entry, awarenessRef.current);
    });
    return () => {
      mouse.dispose();
      cursor.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(scheme === "dark" ? "vs-dark" : "vs");
  }, [scheme]);

  useEffect(() => {
    editorRef.current?.updateOptions({
      readOnly,
      readOnlyMessage: { value: "This workspace is read-only for you." },
    });
  }, [readOnly]);

  // Undo and redo go to the shared Y.UndoManager: only this client's edits are undone.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !undoManager) return;
    const { KeyMod, KeyCode } = monaco;
    const undo = editor.addAction({
      id: "codeclass.undo",
      label: "Undo (my changes)",
      keybindings: [KeyMod.CtrlCmd | KeyCode.KeyZ],
      run: () => void undoManager.undo(),
    });
    const redo = editor.addAction({
      id: "codeclass.redo",
      label: "Redo (my changes)",
      keybindings: [KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, KeyMod.CtrlCmd | KeyCode.KeyY],
      run: () => void undoManager.redo(),
    });
    return () => {
      undo.dispose();
      redo.dispose();
    };
  }, [undoManager]);

  // One model and binding per file; follows adds, renames and deletes.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const files = getFiles(doc);
    const bound = boundRef.current;
    const origins = new Set<unknown>();
    const drop = (path: string) => {
      const entry = bound.get(path);
      if (!entry) return;
      if (editor.getModel() === entry.model) {
        editor.setModel(null);
        shownRef.current = null;
      }
      undoManager?.removeTrackedOrigin(entry.binding);
      origins.delete(entry.binding);
      entry.binding.destroy();
      entry.model.dispose();
      bound.delete(path);
      viewStates.current.delete(path);
    };
    const sync = () => {
      for (const [path, entry] of bound) if (files.get(path) !== entry.text) drop(path);
      for (const [path, text] of files.entries()) {
        if (bound.has(path) || !(text instanceof Y.Text)) continue;
        const uri = uriFor(doc, path);
        monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(text.toString(), editorLanguage(path, languageRef.current), uri);
        const binding = bindFile(text, model, editor, showRefusal);
        undoManager?.addTrackedOrigin(binding);
        origins.add(binding);
        bound.set(path, { text, model, binding });
      }
    };
    sync();
    files.observe(sync);
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.local && (origins.has(tr.origin) || (undoManager && tr.origin === undoManager))) callbacks.current.onLocalEdit?.();
    };
    doc.on("afterTransaction", onTransaction);
    return () => {
      files.unobserve(sync);
      doc.off("afterTransaction", onTransaction);
      for (const path of [...bound.keys()]) drop(path);
    };
  }, [doc, undoManager]);

  // A paste over the limits is refused before Monaco applies it (bindFile checks every other change).
  usePasteGuard(editorRef, hostRef, doc);

  // A language change (.h is C or C++) re-highlights the models in place.
  useEffect(() => {
    languageRef.current = language;
    for (const [path, { model }] of boundRef.current) monaco.editor.setModelLanguage(model, editorLanguage(path, language));
  }, [language]);

  // Show the active file, keeping each file's cursor and scroll position.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const show = () => {
      const entry = activePath ? boundRef.current.get(activePath) : undefined;
      if (!entry) {
        if (editor.getModel()) editor.setModel(null);
        shownRef.current = null;
        return;
      }
      if (editor.getModel() === entry.model) return;
      if (shownRef.current) viewStates.current.set(shownRef.current, editor.saveViewState());
      editor.setModel(entry.model);
      const state = viewStates.current.get(activePath!);
      if (state) editor.restoreViewState(state);
      shownRef.current = activePath;
      editor.updateOptions({
        ariaLabel: `Code editor, ${activePath}. Tab indents; press Control+M (Control+Shift+M on a Mac) to let Tab move the focus instead.`,
      });
      publishSelection(editor, entry, awareness);
    };
    show();
    // The file may arrive after the path is chosen (the first sync, a remote create).
    const files = getFiles(doc);
    files.observe(show);
    return () => files.unobserve(show);
  }, [activePath, doc, awareness]);

  // Comment markers in the gutter, moving with their anchors as the text changes.
  useEffect(() => {
    const editor = editorRef.current;
    const text = activePath ? getFiles(doc).get(activePath) : undefined;
    if (!editor || !(text instanceof Y.Text)) {
      decorationsRef.current?.clear();
      return;
    }
    const render = () => {
      const model = editor.getModel();
      if (model) decorationsRef.current?.set(commentDecorations(doc, comments, activePath!, model.getLineCount()));
    };
    render();
    text.observe(render);
    return () => text.unobserve(render);
  }, [comments, activePath, doc]);

  // Other people's selections in the shown file.
  useRemoteCursors(editorRef, boundRef, doc, awareness);

  // Follow mode: keep the followed person's cursor in view, once the file it is in is the one shown.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !followHead || !activePath) return;
    const reveal = () => {
      const text = getFiles(doc).get(activePath);
      const entry = shownEntry(editor, boundRef.current);
      if (!(text instanceof Y.Text) || entry?.text !== text) return;
      const index = positionIn(followHead, doc, text);
      if (index !== null) editor.revealPositionInCenterIfOutsideViewport(entry.model.getPositionAt(index));
    };
    reveal();
    const modelChange = editor.onDidChangeModel(reveal);
    return () => modelChange.dispose();
  }, [followHead, activePath, doc]);

  useImperativeHandle(
    ref,
    () => ({
      cursorLine: () => editorRef.current?.getPosition()?.lineNumber ?? 1,
      goToLine(line: number) {
        const editor = editorRef.current;
        if (!editor) return;
        editor.revealLineInCenter(line);
        editor.setPosition({ lineNumber: line, column: 1 });
        editor.focus();
      },
      focus: () => editorRef.current?.focus(),
    }),
    [],
  );

  return (
    <Box
      ref={hostRef}
      h={height}
      mih={240}
      style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-md)", overflow: "hidden" }}
    />
  );
}

/** Publishes this client's selection in the shown file: when the cursor moves, and at once after a file switch. */
function publishSelection(editor: monaco.editor.IStandaloneCodeEditor, entry: Bound, awareness: Awareness | null) {
  if (!awareness || editor.getModel() !== entry.model) return;
  const selection = selectionOf(editor, entry.model, entry.text);
  if (selection) awareness.setLocalStateField("selection", selection);
}
