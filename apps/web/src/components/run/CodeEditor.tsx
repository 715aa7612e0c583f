import { Box } from "@mantine/core";
import { type Ref, useEffect, useImperativeHandle, useRef } from "react";
import { editorAriaLabel } from "./editorOptions.ts";
import type { RunFile, RunLanguageId } from "./files.ts";
import { type Problem, revealLine, showProblems } from "./markers.ts";
import { createCodeEditor, createFileModel, monaco, setFileModelLanguage, useEditorAppearance } from "./monaco.ts";

/** What the page can do to the editor. */
export interface CodeEditorHandle {
  focus(): void;
  /** Puts the cursor on a line of the shown file (open the file first). */
  goToLine(line: number, column?: number): void;
  /** Ctrl+M: whether Tab moves the focus out instead of indenting. */
  toggleTabFocus(): void;
}

export interface CodeEditorProps {
  ref?: Ref<CodeEditorHandle>;
  /** Every file of the workspace: each gets a Monaco model, so undo history survives tab switches. */
  files: readonly RunFile[];
  /** The file shown. */
  activePath: string;
  /** The workspace's language: models of different workspaces never mix. */
  workspace: RunLanguageId;
  onChange: (path: string, content: string) => void;
  /**
   * Bumped when the files are replaced from outside (a reset): only then is `files`' content pushed
   * into existing models. Otherwise the models lead and `files` follows them: React's copy can lag a
   * few keystrokes behind during fast typing, and pushing it back would drop what was just typed.
   */
  revision: number;
  /** The last run's problems, marked on their files and lines. */
  problems?: readonly Problem[];
}

function uriFor(workspace: string, path: string) {
  return monaco.Uri.from({ scheme: "file", path: `/${workspace}/${path}` });
}

/** A Monaco editor over the run page's files, showing the active one; it fills its box. */
export default function CodeEditor({ ref, files, activePath, workspace, onChange, revision, problems = [] }: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const modelsRef = useRef(new Map<string, { path: string; model: monaco.editor.ITextModel; sub: monaco.IDisposable }>());
  const viewStatesRef = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());
  const shownRef = useRef<string | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const editor = createCodeEditor(host);
    editorRef.current = editor;
    const models = modelsRef.current;
    const viewStates = viewStatesRef.current;
    return () => {
      editor.dispose();
      editorRef.current = null;
      for (const { model, sub } of models.values()) {
        sub.dispose();
        model.dispose();
      }
      models.clear();
      viewStates.clear();
      shownRef.current = null;
    };
  }, []);
  useEditorAppearance(editorRef);

  // Keep one model per file: create new ones, drop deleted ones, take outside changes (a reset).
  const syncedRevision = useRef(revision);
  useEffect(() => {
    const reset = syncedRevision.current !== revision;
    syncedRevision.current = revision;
    const models = modelsRef.current;
    const wanted = new Map(files.map((f) => [uriFor(workspace, f.path).toString(), f]));
    for (const [key, entry] of models) {
      if (!wanted.has(key)) {
        entry.sub.dispose();
        entry.model.dispose();
        models.delete(key);
        viewStatesRef.current.delete(key);
      }
    }
    for (const [key, file] of wanted) {
      const existing = models.get(key);
      if (existing) {
        if (reset && existing.model.getValue() !== file.content) {
          existing.model.pushEditOperations([], [{ range: existing.model.getFullModelRange(), text: file.content }], () => null);
        }
        continue;
      }
      const uri = uriFor(workspace, file.path);
      const found = monaco.editor.getModel(uri);
      if (found) setFileModelLanguage(found, file.path, workspace);
      const model = found ?? createFileModel(file.content, file.path, workspace, uri);
      if (model.getValue() !== file.content) model.setValue(file.content);
      const sub = model.onDidChangeContent(() => onChangeRef.current(file.path, model.getValue()));
      models.set(key, { path: file.path, model, sub });
    }
  }, [files, workspace, revision]);

  // Show the active file, keeping each file's cursor and scroll position.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const key = uriFor(workspace, activePath).toString();
    if (shownRef.current === key) return;
    const entry = modelsRef.current.get(key);
    if (!entry) return;
    if (shownRef.current && modelsRef.current.has(shownRef.current)) viewStatesRef.current.set(shownRef.current, editor.saveViewState());
    editor.setModel(entry.model);
    const state = viewStatesRef.current.get(key);
    if (state) editor.restoreViewState(state);
    editor.updateOptions({ ariaLabel: editorAriaLabel(activePath) });
    shownRef.current = key;
  }, [activePath, workspace, files]);

  // The last run's problems on their lines.
  useEffect(() => {
    showProblems(
      problems,
      [...modelsRef.current.values()].map((e) => [e.path, e.model] as [string, monaco.editor.ITextModel]),
    );
  }, [problems, files]);

  useImperativeHandle(
    ref,
    () => ({
      focus: () => editorRef.current?.focus(),
      goToLine: (line, column) => editorRef.current && revealLine(editorRef.current, line, column),
      toggleTabFocus: () => {
        editorRef.current?.focus();
        editorRef.current?.trigger("palette", "editor.action.toggleTabFocusMode", null);
      },
    }),
    [],
  );

  return <Box ref={hostRef} h="100%" mih={160} style={{ overflow: "hidden" }} />;
}
