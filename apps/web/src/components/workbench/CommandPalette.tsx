import "@mantine/spotlight/styles.css";
import { Kbd } from "@mantine/core";
import { createSpotlight, Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from "@mantine/spotlight";
import { useEffect, useMemo, useRef } from "react";
import { displayShortcut, matchesShortcut, paletteShortcuts, type WorkbenchCommand } from "./commands.ts";
import { isMac, useHasKeyboard } from "./useCompactLayout.ts";

export interface CommandPaletteProps {
  commands: readonly WorkbenchCommand[];
  /**
   * Whether this palette answers the keys (Ctrl+Shift+P, F1 and every command's own shortcut).
   * Only one workbench of a page should (the one shown).
   */
  active: boolean;
  /** Keys count only for events inside this element (or with nothing focused). */
  scope: React.RefObject<HTMLElement | null>;
  /** Gives the caller a way to open the palette (e.g. a toolbar button). */
  onReady?: (open: () => void) => void;
}

/**
 * The command palette (Mantine Spotlight): every action of the workbench with its shortcut.
 * Its keys are caught in the capture phase, before Monaco (whose own F1 palette they replace)
 * and xterm see them.
 */
export function CommandPalette({ commands, active, scope, onReady }: CommandPaletteProps) {
  const [store, palette] = useMemo(() => createSpotlight(), []);
  const keyboard = useHasKeyboard();
  const commandsRef = useRef(commands);
  commandsRef.current = commands;
  const returnTo = useRef<HTMLElement | null>(null);

  const open = useMemo(
    () => () => {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      palette.open();
    },
    [palette],
  );
  useEffect(() => {
    onReady?.(open);
  }, [onReady, open]);

  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target instanceof Node ? event.target : null;
      const inScope = !target || target === document.body || (scope.current?.contains(target) ?? false);
      // A dialog (a comment form, a file name) keeps its own keys.
      if (!inScope || (target instanceof Element && target.closest("[role=dialog]"))) return;
      if (paletteShortcuts.some((s) => matchesShortcut(s, event))) {
        event.preventDefault();
        event.stopPropagation();
        open();
        return;
      }
      // A text field of the page (a comment, a file name) keeps its keys; the editor and the terminal do not.
      if (target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !target.closest(".monaco-editor, .xterm"))
        return;
      const command = commandsRef.current.find((c) => c.shortcut && !c.shortcutInEditorOnly && matchesShortcut(c.shortcut, event));
      if (!command) return;
      event.preventDefault();
      event.stopPropagation();
      if (!command.disabled) command.run();
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [active, scope, open]);

  const flat: (SpotlightActionData & { groupName: string })[] = commands.map((c) => ({
    id: c.id,
    label: c.label,
    groupName: c.group ?? "Actions",
    disabled: c.disabled,
    "aria-disabled": c.disabled || undefined,
    rightSection:
      c.shortcut && keyboard ? (
        <Kbd size="xs" aria-label={`shortcut ${c.shortcut}`}>
          {displayShortcut(c.shortcut, isMac)}
        </Kbd>
      ) : undefined,
    closeSpotlightOnTrigger: true,
    onClick: () => {
      if (c.disabled) return;
      // The palette gives focus back first, so an action that moves it (Run → terminal) wins.
      const back = returnTo.current;
      requestAnimationFrame(() => {
        if (back?.isConnected) back.focus();
        c.run();
      });
    },
  }));

  const groups = [...new Set(flat.map((a) => a.groupName))];
  const actions: SpotlightActionGroupData[] = groups.map((group) => ({
    group,
    actions: flat.filter((a) => a.groupName === group).map(({ groupName: _, ...a }) => a),
  }));

  return (
    <Spotlight
      store={store}
      actions={actions}
      shortcut={null}
      returnFocus={false}
      nothingFound="No action matches."
      highlightQuery
      scrollable
      maxHeight={420}
      searchProps={{ placeholder: "Type an action, e.g. run", "aria-label": "Search actions" }}
    />
  );
}
