import { getFiles } from "@codeclass/workspace-doc";
import { useEffect, useState } from "react";
import * as Y from "yjs";

/** Undo and redo of this client's own edits (others' edits are never undone), and whether each is possible. */
export function useUndoManager(doc: Y.Doc | null, enabled: boolean) {
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  const [can, setCan] = useState({ undo: false, redo: false });
  useEffect(() => {
    if (!doc || !enabled) return;
    // Tracks the files map and every Y.Text in it; the editor adds its bindings as tracked origins.
    const um = new Y.UndoManager(getFiles(doc), { captureTimeout: 500 });
    const update = () => setCan({ undo: um.canUndo(), redo: um.canRedo() });
    um.on("stack-item-added", update);
    um.on("stack-item-popped", update);
    um.on("stack-cleared", update);
    setManager(um);
    update();
    return () => {
      um.destroy();
      setManager(null);
    };
  }, [doc, enabled]);
  return { manager, canUndo: can.undo, canRedo: can.redo };
}
