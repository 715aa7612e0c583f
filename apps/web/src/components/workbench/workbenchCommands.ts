import type { RefObject } from "react";
import type { WorkbenchCommand } from "./commands.ts";
import type { WorkbenchHandle } from "./Workbench.tsx";

/** What the common commands act on; leave out what a page does not have. */
export interface WorkbenchActions {
  run?: () => void;
  canRun?: boolean;
  stop?: () => void;
  running?: boolean;
  endInput?: () => void;
  acceptingInput?: boolean;
  clearTerminal?: () => void;
  focusEditor: () => void;
  focusTerminal: () => void;
  focusFiles: () => void;
  newFile?: () => void;
  newFolder?: () => void;
  toggleTabFocus?: () => void;
  workbench: RefObject<WorkbenchHandle | null>;
}

/** The parts of a workbench page that the common commands move between and act on. */
export interface WorkbenchParts {
  workbench: RefObject<WorkbenchHandle | null>;
  editor: RefObject<{ focus(): void; toggleTabFocus(): void } | null>;
  terminal: RefObject<{ endInput(): void; clear(): void } | null>;
  tree: RefObject<{ focus(): void; newFile(): void; newFolder(): void } | null>;
  focusTerminal: () => void;
}

/** The going-to, terminal and file actions of a page made of these parts (new files and folders only when `editableFiles`). */
export function partActions(p: WorkbenchParts, editableFiles: boolean): WorkbenchActions {
  return {
    endInput: () => p.terminal.current?.endInput(),
    clearTerminal: () => p.terminal.current?.clear(),
    focusEditor: () => {
      p.workbench.current?.show("code");
      p.editor.current?.focus();
    },
    focusTerminal: () => {
      p.workbench.current?.show("terminal");
      p.focusTerminal();
    },
    focusFiles: () => {
      p.workbench.current?.show("files");
      // The pane may open this frame; by then the keys may have sent the focus elsewhere (Ctrl+1), which stays.
      const from = document.activeElement;
      requestAnimationFrame(() => document.activeElement === from && p.tree.current?.focus());
    },
    ...(editableFiles ? { newFile: () => p.tree.current?.newFile(), newFolder: () => p.tree.current?.newFolder() } : {}),
    toggleTabFocus: () => p.editor.current?.toggleTabFocus(),
    workbench: p.workbench,
  };
}

/** The actions every workbench lists in its palette, with their keys (VS Code's where it has one). */
export function workbenchCommands(a: WorkbenchActions): WorkbenchCommand[] {
  const list: (WorkbenchCommand | false | undefined)[] = [
    a.run && { id: "run", group: "Run", label: "Run the program", shortcut: "Ctrl+Enter", disabled: !a.canRun, run: a.run },
    a.stop && { id: "stop", group: "Run", label: "Stop the program (Ctrl+C in the terminal)", disabled: !a.running, run: a.stop },
    a.endInput && { id: "eof", group: "Run", label: "End the program's input (EOF)", disabled: !a.acceptingInput, run: a.endInput },
    a.clearTerminal && { id: "clear", group: "Run", label: "Clear the terminal", run: a.clearTerminal },
    a.newFile && { id: "new-file", group: "Files", label: "New file…", run: a.newFile },
    a.newFolder && { id: "new-folder", group: "Files", label: "New folder…", run: a.newFolder },
    { id: "focus-files", group: "Go to", label: "Go to the files", shortcut: "Ctrl+Shift+E", run: a.focusFiles },
    { id: "focus-editor", group: "Go to", label: "Go to the editor", shortcut: "Ctrl+1", run: a.focusEditor },
    { id: "focus-terminal", group: "Go to", label: "Go to the terminal", shortcut: "Ctrl+`", run: a.focusTerminal },
    {
      id: "toggle-files",
      group: "View",
      label: "Show or hide the files pane",
      shortcut: "Ctrl+B",
      run: () => a.workbench.current?.toggle("files"),
    },
    {
      id: "toggle-terminal",
      group: "View",
      label: "Show or hide the terminal",
      shortcut: "Ctrl+J",
      run: () => a.workbench.current?.toggle("terminal"),
    },
    {
      id: "toggle-side",
      group: "View",
      label: "Show or hide the side area",
      shortcut: "Ctrl+Alt+B",
      run: () => a.workbench.current?.toggle("side"),
    },
    a.toggleTabFocus && {
      id: "tab-focus",
      group: "Editor",
      label: "Toggle: Tab moves the focus out of the editor",
      shortcut: "Ctrl+M",
      shortcutInEditorOnly: true,
      run: a.toggleTabFocus,
    },
  ];
  return list.filter((c): c is WorkbenchCommand => Boolean(c));
}
