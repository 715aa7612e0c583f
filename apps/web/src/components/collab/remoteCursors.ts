import { type RefObject, useEffect } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { monaco } from "../run/monaco.ts";
import { type Bound, shownEntry } from "./binding.ts";
import { readPresence } from "./presence.ts";
import { positionIn } from "./remoteData.ts";

/**
 * Other clients' selections in `text`, as y-monaco draws them (the `yRemoteSelection-<clientId>`
 * and `yRemoteSelectionHead-<clientId>` classes that RemoteCursorStyles colours). A selection
 * that is malformed or in another file is left out.
 */
export function remoteSelectionDecorations(
  states: ReadonlyMap<number, unknown>,
  localClientId: number,
  doc: Y.Doc,
  text: Y.Text,
  model: monaco.editor.ITextModel,
): monaco.editor.IModelDeltaDecoration[] {
  const out: monaco.editor.IModelDeltaDecoration[] = [];
  states.forEach((raw, clientId) => {
    if (clientId === localClientId) return;
    const selection = readPresence(raw).selection;
    if (!selection) return;
    const anchor = positionIn(selection.anchor, doc, text);
    const head = positionIn(selection.head, doc, text);
    if (anchor === null || head === null) return;
    const start = model.getPositionAt(Math.min(anchor, head));
    const end = model.getPositionAt(Math.max(anchor, head));
    const headClass = `yRemoteSelectionHead yRemoteSelectionHead-${clientId}`;
    out.push({
      range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
      options: {
        className: `yRemoteSelection yRemoteSelection-${clientId}`,
        afterContentClassName: anchor < head ? headClass : null,
        beforeContentClassName: anchor < head ? null : headClass,
      },
    });
  });
  return out;
}

/** This client's selection in `text`, for awareness (docs/collab.md: `selection` of the file in `file`). */
export function selectionOf(editor: monaco.editor.IStandaloneCodeEditor, model: monaco.editor.ITextModel, text: Y.Text) {
  const sel = editor.getSelection();
  if (!sel) return null;
  const start = model.getOffsetAt(sel.getStartPosition());
  const end = model.getOffsetAt(sel.getEndPosition());
  const rtl = sel.getDirection() === monaco.SelectionDirection.RTL;
  return {
    anchor: Y.createRelativePositionFromTypeIndex(text, rtl ? end : start),
    head: Y.createRelativePositionFromTypeIndex(text, rtl ? start : end),
  };
}

/** Draws other people's selections in the shown file; redrawn when they move, the text changes or another file is shown. */
export function useRemoteCursors(
  editorRef: RefObject<monaco.editor.IStandaloneCodeEditor | null>,
  boundRef: RefObject<ReadonlyMap<string, Bound>>,
  doc: Y.Doc,
  awareness: Awareness | null,
) {
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !awareness) return;
    const cursors = editor.createDecorationsCollection();
    const render = () => {
      const entry = shownEntry(editor, boundRef.current);
      if (!entry) return cursors.clear();
      cursors.set(remoteSelectionDecorations(awareness.getStates(), awareness.clientID, doc, entry.text, entry.model));
    };
    render();
    awareness.on("change", render);
    doc.on("afterTransaction", render);
    const modelChange = editor.onDidChangeModel(render);
    return () => {
      awareness.off("change", render);
      doc.off("afterTransaction", render);
      modelChange.dispose();
      cursors.clear();
    };
  }, [editorRef, boundRef, doc, awareness]);
}
