import { Button, Group } from "@mantine/core";
import type * as Y from "yjs";
import { modKey } from "../run/RunControls.tsx";

/** Undo and Redo of the reader's own edits (their shortcuts in the tooltips and for assistive tech). */
export function UndoButtons({ manager, canUndo, canRedo }: { manager: Y.UndoManager | null; canUndo: boolean; canRedo: boolean }) {
  return (
    <Group gap={2} wrap="nowrap">
      <Button
        size="compact-xs"
        variant="subtle"
        disabled={!canUndo}
        onClick={() => manager?.undo()}
        aria-keyshortcuts="Control+Z Meta+Z"
        title={`Undo my last change (${modKey}+Z)`}
      >
        Undo
      </Button>
      <Button
        size="compact-xs"
        variant="subtle"
        disabled={!canRedo}
        onClick={() => manager?.redo()}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        title={`Redo (${modKey}+Shift+Z)`}
      >
        Redo
      </Button>
    </Group>
  );
}
