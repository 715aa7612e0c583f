/**
 * The collaborative editor's effects, one concern each (CollabEditor composes them):
 * the editor itself, the Yjs bindings of the files' models, the shown file, collaborative undo,
 * comment markers, the follow mode's scrolling and the last run's problems. Remote cursors are
 * `useRemoteCursors` (remoteCursors.ts); the paste guard is `usePasteGuard` (binding.ts).
 */
import { type Comment, getFiles } from "@codeclass/workspace-doc";
import { type RefObject, useEffect, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { editorAriaLabel } from "../run/editorOptions.ts";
import type { RunLanguageId } from "../run/files.ts";
import { type Problem, showProblems } from "../run/markers.ts";
import { createCodeEditor, createFileModel, monaco, setFileModelLanguage } from "../run/monaco.ts";
import { type Bound, bindFile, shownEntry, showRefusal } from "./binding.ts";
import { commentDecorations } from "./commentMarkers.ts";
import { selectionOf } from "./remoteCursors.ts";
import { positionIn } from "./remoteData.ts";

type EditorRef = RefObject<monaco.editor.IStandaloneCodeEditor | null>;
type BoundRef = RefObject<Map<string, Bound>>;

/** Publishes this client's selection in the shown file: when the cursor moves, and at once after a file switch. */
export function publishSelection(editor: monaco.editor.IStandaloneCodeEditor, entry: Bound, awareness: Awareness | null) {
  if (!awareness || editor.getModel() !== entry.model) return;
  const selection = selectionOf(editor, entry.model, entry.text);
  if (selection) awareness.setLocalStateField("selection", selection);
}

/**
 * One Monaco editor for the component's life, with the app's shared options, publishing the
 * reader's selection to `awareness` and reporting clicks in the comment margin.
 */
export function useCollabMonaco(
  hostRef: RefObject<HTMLElement | null>,
  boundRef: BoundRef,
  awareness: Awareness | null,
  onGutterClick: ((line: number) => void) | undefined,
): EditorRef {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef({ awareness, onGutterClick });
  latest.current = { awareness, onGutterClick };
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    // Room above the first line for a remote cursor's name label.
    const editor = createCodeEditor(host, { glyphMargin: true, padding: { top: 16 } });
    editorRef.current = editor;
    const mouse = editor.onMouseDown((e) => {
      if (e.target.type === monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN && e.target.position)
        latest.current.onGutterClick?.(e.target.position.lineNumber);
    });
    // Others see this client's selection in the shown file (y-monaco is given no awareness: binding.ts).
    const cursor = editor.onDidChangeCursorSelection(() => {
      const entry = shownEntry(editor, boundRef.current);
      if (entry) publishSelection(editor, entry, latest.current.awareness);
    });
    return () => {
      mouse.dispose();
      cursor.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, [hostRef, boundRef]);
  return editorRef;
}

/** Read-only follows the reader's rights (and the server's word). */
export function useReadOnly(editorRef: EditorRef, readOnly: boolean) {
  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, readOnlyMessage: { value: "This workspace is read-only for you." } });
  }, [editorRef, readOnly]);
}

/** Undo and redo go to the shared Y.UndoManager: only this client's edits are undone. */
export function useCollabUndo(editorRef: EditorRef, undoManager: Y.UndoManager | null) {
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
  }, [editorRef, undoManager]);
}

/**
 * One model per file, each bound to its Y.Text with y-monaco; follows adds, renames and deletes,
 * and reports local edits (for `typingAt`). `uriFor` must be unique per editor instance, so two
 * editors over one document (the demo, full-size and beside the reader's code) never share a model.
 */
export function useYjsBindings(
  editorRef: EditorRef,
  boundRef: BoundRef,
  doc: Y.Doc,
  undoManager: Y.UndoManager | null,
  language: RunLanguageId,
  uriFor: (path: string) => monaco.Uri,
  onLocalEdit: (() => void) | undefined,
) {
  const languageRef = useRef(language);
  const onLocalEditRef = useRef(onLocalEdit);
  onLocalEditRef.current = onLocalEdit;
  const uriRef = useRef(uriFor);
  uriRef.current = uriFor;

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const files = getFiles(doc);
    const bound = boundRef.current;
    const origins = new Set<unknown>();
    const drop = (path: string) => {
      const entry = bound.get(path);
      if (!entry) return;
      if (editor.getModel() === entry.model) editor.setModel(null);
      undoManager?.removeTrackedOrigin(entry.binding);
      origins.delete(entry.binding);
      entry.binding.destroy();
      entry.model.dispose();
      bound.delete(path);
    };
    const sync = () => {
      for (const [path, entry] of bound) if (files.get(path) !== entry.text) drop(path);
      for (const [path, text] of files.entries()) {
        if (bound.has(path) || !(text instanceof Y.Text)) continue;
        const uri = uriRef.current(path);
        monaco.editor.getModel(uri)?.dispose();
        const model = createFileModel(text.toString(), path, languageRef.current, uri);
        const binding = bindFile(text, model, editor, showRefusal);
        undoManager?.addTrackedOrigin(binding);
        origins.add(binding);
        bound.set(path, { text, model, binding });
      }
    };
    sync();
    files.observe(sync);
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.local && (origins.has(tr.origin) || (undoManager && tr.origin === undoManager))) onLocalEditRef.current?.();
    };
    doc.on("afterTransaction", onTransaction);
    return () => {
      files.unobserve(sync);
      doc.off("afterTransaction", onTransaction);
      for (const path of [...bound.keys()]) drop(path);
    };
  }, [editorRef, boundRef, doc, undoManager]);

  // A language change (.h is C or C++) re-highlights and re-indents the models in place.
  useEffect(() => {
    languageRef.current = language;
    for (const [path, { model }] of boundRef.current) setFileModelLanguage(model, path, language);
  }, [boundRef, language]);
}

/** Shows the active file, keeping each file's cursor and scroll position. */
export function useShownFile(
  editorRef: EditorRef,
  boundRef: BoundRef,
  doc: Y.Doc,
  activePath: string | null,
  awareness: Awareness | null,
  readOnly: boolean,
) {
  const viewStates = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());
  const shownRef = useRef<string | null>(null);
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
      if (shownRef.current && editor.getModel()) viewStates.current.set(shownRef.current, editor.saveViewState());
      editor.setModel(entry.model);
      const state = viewStates.current.get(activePath!);
      if (state) editor.restoreViewState(state);
      shownRef.current = activePath;
      editor.updateOptions({ ariaLabel: editorAriaLabel(activePath!, readOnly) });
      publishSelection(editor, entry, awareness);
    };
    show();
    // The file may arrive after the path is chosen (the first sync, a remote create).
    const files = getFiles(doc);
    files.observe(show);
    return () => files.unobserve(show);
  }, [editorRef, boundRef, activePath, doc, awareness, readOnly]);
}

/** Comment markers in the gutter, moving with their anchors as the text changes. */
export function useCommentMarkers(editorRef: EditorRef, doc: Y.Doc, comments: readonly Comment[], activePath: string | null) {
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    decorations.current ??= editor.createDecorationsCollection();
    const text = activePath ? getFiles(doc).get(activePath) : undefined;
    if (!(text instanceof Y.Text)) {
      decorations.current.clear();
      return;
    }
    const render = () => {
      const model = editor.getModel();
      if (model) decorations.current?.set(commentDecorations(doc, comments, activePath!, model.getLineCount()));
    };
    render();
    text.observe(render);
    const modelChange = editor.onDidChangeModel(render);
    return () => {
      text.unobserve(render);
      modelChange.dispose();
    };
  }, [editorRef, comments, activePath, doc]);
}

/** Follow mode: keeps the followed person's cursor in view, once the file it is in is the one shown. */
export function useFollowHead(
  editorRef: EditorRef,
  boundRef: BoundRef,
  doc: Y.Doc,
  followHead: Y.RelativePosition | null | undefined,
  activePath: string | null,
) {
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
  }, [editorRef, boundRef, followHead, activePath, doc]);
}

/** The last run's problems on their files' lines (set again when a file is added or renamed). */
export function useProblemMarkers(boundRef: BoundRef, doc: Y.Doc, problems: readonly Problem[]) {
  useEffect(() => {
    const render = () =>
      showProblems(
        problems,
        [...boundRef.current].map(([path, b]) => [path, b.model] as [string, monaco.editor.ITextModel]),
      );
    render();
    const files = getFiles(doc);
    // After useYjsBindings' own observer has made the new file's model.
    const later = () => setTimeout(render, 0);
    files.observe(later);
    return () => files.unobserve(later);
  }, [boundRef, doc, problems]);
}
