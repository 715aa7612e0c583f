import { Button, Group, Kbd } from "@mantine/core";
import type * as Y from "yjs";
import { modKey } from "../run/RunControls.tsx";

/** Undo and Redo of the reader's own edits, with their shortcuts shown. */
export function UndoButtons({ manager, canUndo, canRedo }: { manager: Y.UndoManager | null; canUndo: boolean; canRedo: boolean }) {
  return (
    <Group gap={6}>
      <Button
        size="sm"
        variant="default"
        disabled={!canUndo}
        onClick={() => manager?.undo()}
        aria-keyshortcuts="Control+Z Meta+Z"
        rightSection={
          <Kbd size="xs" aria-hidden>
            {modKey}+Z
          </Kbd>
        }
      >
        Undo
      </Button>
      <Button
        size="sm"
        variant="default"
        disabled={!canRedo}
        onClick={() => manager?.redo()}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        rightSection={
          <Kbd size="xs" aria-hidden>
            {modKey}+⇧+Z
          </Kbd>
        }
      >
        Redo
      </Button>
    </Group>
  );
}
