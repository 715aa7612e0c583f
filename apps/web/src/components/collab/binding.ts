import { notifications } from "@mantine/notifications";
import { type RefObject, useEffect } from "react";
import { MonacoBinding } from "y-monaco";
import type * as Y from "yjs";
import { monaco } from "../run/monaco.ts";
import { editProblem, workspaceChars } from "./editLimits.ts";

/** A file's Y.Text, its Monaco model, and the binding between them. */
export interface Bound {
  text: Y.Text;
  model: monaco.editor.ITextModel;
  binding: MonacoBinding;
}

/** The bound file whose model the editor shows, if any. */
export function shownEntry(editor: monaco.editor.IStandaloneCodeEditor, bound: ReadonlyMap<string, Bound>): Bound | undefined {
  const model = editor.getModel();
  if (!model) return undefined;
  for (const entry of bound.values()) if (entry.model === model) return entry;
  return undefined;
}

/** Tells the person that a change was refused before it reached the document (a limit of docs/collab.md). */
export function showRefusal(message: string) {
  // No fixed id: Mantine drops a notification whose id is still shown, and each refusal must be told.
  notifications.show({ color: "red", title: "This change was not made", message, autoClose: 10_000 });
}

/**
 * Binds a file's Y.Text to its Monaco model with y-monaco (0.1.6), with two changes:
 *
 * - No awareness is given to y-monaco: it would add an `onDidChangeCursorSelection` listener to
 *   the editor that `destroy()` never removes (one more on every rename, delete or re-bind), and
 *   it decodes other clients' selections unguarded. CollabEditor publishes and draws selections
 *   itself (`remoteCursors.ts`).
 * - y-monaco copies every model change into the Y.Text; its handler is replaced by the same copy
 *   preceded by the limit check (`editProblem`). A refused change is taken back out of the model
 *   (the Y.Text never saw it) and `onRefused` gets the sentence to show.
 */
export function bindFile(
  text: Y.Text,
  model: monaco.editor.ITextModel,
  editor: monaco.editor.IStandaloneCodeEditor,
  onRefused: (message: string) => void,
) {
  const binding = new MonacoBinding(text, model, new Set([editor]), null);
  const doc = binding.doc;
  binding._monacoChangeHandler.dispose();
  binding._monacoChangeHandler = model.onDidChangeContent((event) => {
    // The mutex skips the changes y-monaco itself makes to the model (remote edits) and our revert.
    binding.mux(() => {
      const removed = event.changes.reduce((n, c) => n + c.rangeLength, 0);
      const problem = editProblem({ inserted: event.changes.map((c) => c.text), removed }, workspaceChars(doc));
      if (problem) {
        revert(model, text.toString());
        onRefused(problem);
        return;
      }
      // As y-monaco does: right to left, in one transaction whose origin is the binding (undo tracks it).
      doc.transact(() => {
        for (const change of [...event.changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
          text.delete(change.rangeOffset, change.rangeLength);
          text.insert(change.rangeOffset, change.text);
        }
      }, binding);
    });
  });
  return binding;
}

/** Makes the model's text `want` again with one edit over the part that differs. */
function revert(model: monaco.editor.ITextModel, want: string) {
  const now = model.getValue();
  let start = 0;
  while (start < now.length && start < want.length && now.charCodeAt(start) === want.charCodeAt(start)) start++;
  let endNow = now.length;
  let endWant = want.length;
  while (endNow > start && endWant > start && now.charCodeAt(endNow - 1) === want.charCodeAt(endWant - 1)) {
    endNow--;
    endWant--;
  }
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(endNow);
  model.applyEdits([{ range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: want.slice(start, endWant) }]);
}

/**
 * Refuses a paste over the limits before Monaco applies it, with the paste's own size in the
 * message (bindFile still checks every change, e.g. a drop or a multi-cursor paste).
 */
export function usePasteGuard(
  editorRef: RefObject<monaco.editor.IStandaloneCodeEditor | null>,
  hostRef: RefObject<HTMLElement | null>,
  doc: Y.Doc,
) {
  useEffect(() => {
    const editor = editorRef.current;
    const host = hostRef.current;
    if (!editor || !host) return;
    const onPaste = (event: ClipboardEvent) => {
      const model = editor.getModel();
      const pasted = event.clipboardData?.getData("text/plain") ?? "";
      if (!model || !pasted || editor.getOption(monaco.editor.EditorOption.readOnly)) return;
      const removed = (editor.getSelections() ?? []).reduce((n, sel) => n + model.getValueLengthInRange(sel), 0);
      const problem = editProblem({ inserted: [pasted], removed }, workspaceChars(doc), "paste");
      if (!problem) return;
      event.preventDefault();
      event.stopPropagation();
      showRefusal(problem);
    };
    // Capture on the host: before Monaco's own listeners, which sit on elements inside it.
    host.addEventListener("paste", onPaste, true);
    return () => host.removeEventListener("paste", onPaste, true);
  }, [editorRef, hostRef, doc]);
}
