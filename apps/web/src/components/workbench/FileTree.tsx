import { Alert, Box, Button, Group, Menu, Modal, ScrollArea, Stack, Text } from "@mantine/core";
import { type DragEvent, type KeyboardEvent, type MouseEvent, type Ref, useImperativeHandle, useMemo, useRef, useState } from "react";
import { FileNameModal } from "../run/FileNameModal.tsx";
import { fileLimits } from "../run/files.ts";
import classes from "./FileTree.module.css";
import { allFolders, movedPath, type TreeRow, treeRows } from "./fileTree.ts";

const dragType = "application/x-codeclass-path";

/** What a page (its command palette) can do to the tree. */
export interface FileTreeHandle {
  newFile(): void;
  newFolder(): void;
  /** Puts the keyboard on the open file's row. */
  focus(): void;
}

export interface FileTreeProps {
  ref?: Ref<FileTreeHandle>;
  /** Every file's path ("src/util.py"); folders are the paths' prefixes. */
  paths: readonly string[];
  /** The file open in the editor. */
  activePath: string | null;
  /** No creating, renaming, moving or deleting (the tree still opens files). */
  readOnly: boolean;
  /** A hint under the name field, e.g. "Python files end in .py." */
  hint: string;
  /** The name offered for a new file in `folder` ("" is the top level), e.g. "src/helper.py". */
  suggestName: (folder: string) => string;
  onOpen: (path: string) => void;
  /** Each of these throws an Error whose message says what is wrong; the tree shows it. */
  onCreate: (path: string) => void;
  onRename: (from: string, to: string) => void;
  onDelete: (path: string) => void;
}

type Dialog =
  | { kind: "file"; folder: string }
  | { kind: "folder"; folder: string }
  | { kind: "rename"; row: TreeRow }
  | { kind: "delete"; row: TreeRow }
  | null;

/**
 * The workspace's files as a tree: folders open and close, a file opens in the editor, a file
 * dragged onto a folder moves into it, and a context menu (right click, Shift+F10 or the
 * Menu key, or the "…" button) creates, renames and deletes. Keyboard: arrows move, → and ←
 * open and close folders, Enter opens, F2 renames, Delete deletes.
 */
export function FileTree(props: FileTreeProps) {
  const { paths, activePath, readOnly, hint, suggestName, onOpen, onCreate, onRename, onDelete } = props;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  // Folders made here but still empty: a folder exists in the document only through its files.
  const [emptyFolders, setEmptyFolders] = useState<string[]>([]);
  const [focused, setFocused] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ row: TreeRow | null; x: number; y: number } | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  const extra = useMemo(() => emptyFolders.filter((f) => !paths.some((p) => p.startsWith(`${f}/`))), [emptyFolders, paths]);
  const rows = useMemo(() => treeRows(paths, extra, collapsed), [paths, extra, collapsed]);
  const current = rows.find((r) => r.path === focused) ?? rows.find((r) => r.path === activePath) ?? rows[0];

  const attempt = (change: () => void) => {
    try {
      change();
      setError(null);
      return true;
    } catch (e) {
      const raw = e instanceof Error ? e.message : String(e);
      const message = raw.replace(/^path: /, "");
      setError(`${message.charAt(0).toUpperCase()}${message.slice(1)}`.replace(/\.?$/, "."));
      return false;
    }
  };

  const filesIn = (folder: string) => paths.filter((p) => p.startsWith(`${folder}/`));
  const toggle = (folder: string, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open ?? next.has(folder)) next.delete(folder);
      else next.add(folder);
      return next;
    });
  const focusRow = (path: string) => {
    setFocused(path);
    const rowOf = () => treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
    const now = rowOf();
    if (now) return now.focus();
    // A row not drawn yet (a folder just opened, a file just made) is focused once it is, unless the
    // focus has meanwhile gone somewhere else (Ctrl+1 pressed right after): a late frame never takes it back.
    const from = document.activeElement;
    requestAnimationFrame(() => {
      if (document.activeElement === from || treeRef.current?.contains(document.activeElement)) rowOf()?.focus();
    });
  };
  const activate = (row: TreeRow) => (row.kind === "file" ? onOpen(row.path) : toggle(row.path));
  const move = (from: string, folder: string) => {
    const to = movedPath(from, folder);
    if (to !== from) attempt(() => onRename(from, to));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, row: TreeRow) => {
    const index = rows.indexOf(row);
    const go = (i: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (target) focusRow(target.path);
    };
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case "ArrowDown":
        handled();
        return go(index + 1);
      case "ArrowUp":
        handled();
        return go(index - 1);
      case "Home":
        handled();
        return go(0);
      case "End":
        handled();
        return go(rows.length - 1);
      case "ArrowRight":
        handled();
        if (row.kind === "folder" && !row.expanded) toggle(row.path, true);
        else if (row.kind === "folder") go(index + 1);
        return;
      case "ArrowLeft":
        handled();
        if (row.kind === "folder" && row.expanded) toggle(row.path, false);
        else if (row.parent) focusRow(row.parent);
        return;
      case "Enter":
      case " ":
        handled();
        return activate(row);
      case "F2":
        if (readOnly) return;
        handled();
        return setDialog({ kind: "rename", row });
      case "Delete":
        if (readOnly) return;
        handled();
        return setDialog({ kind: "delete", row });
      case "ContextMenu":
        handled();
        return openMenuAt(event.currentTarget, row);
      case "F10":
        if (!event.shiftKey) return;
        handled();
        return openMenuAt(event.currentTarget, row);
    }
  };
  const openMenuAt = (element: Element, row: TreeRow | null) => {
    if (readOnly) return;
    const box = element.getBoundingClientRect();
    setMenu({ row, x: box.left + 24, y: box.bottom });
  };
  const onContextMenu = (event: MouseEvent, row: TreeRow | null) => {
    if (readOnly) return;
    event.preventDefault();
    event.stopPropagation();
    setMenu({ row, x: event.clientX, y: event.clientY });
  };

  const dropProps = (folder: string) =>
    readOnly
      ? {}
      : {
          onDragOver: (e: DragEvent) => {
            if (!e.dataTransfer.types.includes(dragType)) return;
            e.preventDefault();
            e.stopPropagation();
            e.dataTransfer.dropEffect = "move";
            setDropTarget(folder);
          },
          onDragLeave: () => setDropTarget((t) => (t === folder ? null : t)),
          onDrop: (e: DragEvent) => {
            const from = e.dataTransfer.getData(dragType);
            setDropTarget(null);
            if (!from) return;
            e.preventDefault();
            e.stopPropagation();
            move(from, folder);
          },
        };

  useImperativeHandle(
    props.ref,
    () => ({
      newFile: () => !readOnly && setDialog({ kind: "file", folder: "" }),
      newFolder: () => !readOnly && setDialog({ kind: "folder", folder: "" }),
      focus: () => current && focusRow(current.path),
    }),
    [readOnly, current],
  );

  const menuFolder = menu?.row ? (menu.row.kind === "folder" ? menu.row.path : menu.row.parent) : "";
  const full = paths.length >= fileLimits.files;

  return (
    <Stack gap={4} h="100%" component="nav" aria-label="Files">
      <Group justify="space-between" gap={4} px={8} pt={6} wrap="nowrap">
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" id="workbench-files-heading">
          Files
        </Text>
        {readOnly ? null : (
          <Group gap={2} wrap="nowrap">
            <Button
              size="compact-xs"
              variant="subtle"
              aria-label="New file"
              disabled={full}
              onClick={() => setDialog({ kind: "file", folder: "" })}
            >
              + File
            </Button>
            <Button size="compact-xs" variant="subtle" aria-label="New folder" onClick={() => setDialog({ kind: "folder", folder: "" })}>
              + Folder
            </Button>
          </Group>
        )}
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto" onContextMenu={(e) => onContextMenu(e, null)} {...dropProps("")}>
        <div role="tree" aria-label="Files" className={classes.tree} ref={treeRef} data-drop={dropTarget === "" || undefined}>
          {rows.map((row) => {
            const selected = row.kind === "file" && row.path === activePath;
            return (
              <div
                key={`${row.kind}:${row.path}`}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-selected={selected}
                aria-expanded={row.kind === "folder" ? row.expanded : undefined}
                aria-label={row.kind === "folder" ? `${row.name} folder` : row.name}
                data-path={row.path}
                data-drop={(row.kind === "folder" && dropTarget === row.path) || undefined}
                tabIndex={row === current ? 0 : -1}
                className={classes.row}
                style={{ paddingLeft: 8 + row.depth * 14 }}
                draggable={!readOnly && row.kind === "file"}
                onDragStart={(e) => {
                  e.dataTransfer.setData(dragType, row.path);
                  e.dataTransfer.effectAllowed = "move";
                }}
                onClick={() => {
                  setFocused(row.path);
                  activate(row);
                }}
                onKeyDown={(e) => onKeyDown(e, row)}
                onFocus={() => setFocused(row.path)}
                onContextMenu={(e) => onContextMenu(e, row)}
                {...(row.kind === "folder" ? dropProps(row.path) : {})}
              >
                <span className={classes.twisty} aria-hidden>
                  {row.kind === "folder" ? (row.expanded ? "▾" : "▸") : ""}
                </span>
                <span className={classes.name} title={row.path}>
                  {row.name}
                  {row.kind === "folder" ? "/" : ""}
                </span>
              </div>
            );
          })}
        </div>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed" px={8}>
            No files yet.
          </Text>
        ) : null}
      </ScrollArea>
      {error ? (
        <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => setError(null)} p="xs" m={4}>
          <Text size="sm">{error}</Text>
        </Alert>
      ) : null}

      <Menu opened={menu !== null} onChange={(o) => !o && setMenu(null)} position="bottom-start" withinPortal shadow="md" returnFocus>
        <Menu.Target>
          <Box pos="fixed" left={menu?.x ?? 0} top={menu?.y ?? 0} w={1} h={1} aria-hidden style={{ pointerEvents: "none" }} />
        </Menu.Target>
        <Menu.Dropdown aria-label={menu?.row ? `Actions for ${menu.row.path}` : "File actions"}>
          <Menu.Item disabled={full} onClick={() => setDialog({ kind: "file", folder: menuFolder })}>
            New file{menuFolder ? ` in ${menuFolder}` : ""}
          </Menu.Item>
          <Menu.Item onClick={() => setDialog({ kind: "folder", folder: menuFolder })}>
            New folder{menuFolder ? ` in ${menuFolder}` : ""}
          </Menu.Item>
          {menu?.row ? (
            <>
              <Menu.Divider />
              <Menu.Item onClick={() => menu.row && setDialog({ kind: "rename", row: menu.row })} rightSection="F2">
                Rename or move…
              </Menu.Item>
              <Menu.Item color="red" onClick={() => menu.row && setDialog({ kind: "delete", row: menu.row })} rightSection="Del">
                Delete
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>

      <FileNameModal
        opened={dialog?.kind === "file"}
        title={dialog?.kind === "file" && dialog.folder ? `New file in ${dialog.folder}` : "New file"}
        submitLabel="Add file"
        initialName={dialog?.kind === "file" ? suggestName(dialog.folder) : ""}
        otherPaths={paths}
        hint={hint}
        onClose={() => setDialog(null)}
        onSubmit={(path) => {
          if (attempt(() => onCreate(path))) onOpen(path);
          setDialog(null);
        }}
      />
      <FileNameModal
        opened={dialog?.kind === "folder"}
        title="New folder"
        submitLabel="Add folder"
        initialName={dialog?.kind === "folder" && dialog.folder ? `${dialog.folder}/` : ""}
        otherPaths={[...paths, ...allFolders(paths, extra)]}
        hint="Then add files to it, or drag files onto it."
        onClose={() => setDialog(null)}
        onSubmit={(path) => {
          setEmptyFolders((f) => [...f, path.replace(/\/+$/, "")]);
          toggle(path, true);
          setDialog(null);
          focusRow(path);
        }}
      />
      <FileNameModal
        opened={dialog?.kind === "rename"}
        title={dialog?.kind === "rename" ? `Rename ${dialog.row.path}` : "Rename"}
        submitLabel="Rename"
        initialName={dialog?.kind === "rename" ? dialog.row.path : ""}
        otherPaths={dialog?.kind === "rename" ? paths.filter((p) => p !== dialog.row.path && !p.startsWith(`${dialog.row.path}/`)) : paths}
        hint={`${hint} Change the folder part to move it, as in src/${dialog?.kind === "rename" ? dialog.row.name : "main.py"}.`}
        onClose={() => setDialog(null)}
        onSubmit={(to) => {
          if (dialog?.kind !== "rename") return;
          const { row } = dialog;
          setDialog(null);
          if (to === row.path) return;
          if (row.kind === "file") attempt(() => onRename(row.path, to));
          else {
            attempt(() => {
              for (const p of filesIn(row.path)) onRename(p, `${to}${p.slice(row.path.length)}`);
            });
            setEmptyFolders((f) => f.map((x) => (x === row.path ? to : x)));
          }
        }}
      />
      <Modal
        opened={dialog?.kind === "delete"}
        onClose={() => setDialog(null)}
        title={dialog?.kind === "delete" ? `Delete ${dialog.row.path}${dialog.row.kind === "folder" ? " and its files" : ""}?` : "Delete"}
        centered
      >
        <Text size="sm">
          {dialog?.kind === "delete" && dialog.row.kind === "folder"
            ? `${filesIn(dialog.row.path).length} file(s) and their comments are removed for everyone in this workspace.`
            : "The file and its comments are removed for everyone in this workspace."}{" "}
          Undo brings it back while this page is open.
        </Text>
        <Group justify="flex-end" mt="md" gap="sm">
          <Button variant="default" onClick={() => setDialog(null)}>
            Cancel
          </Button>
          <Button
            color="red"
            data-autofocus
            onClick={() => {
              if (dialog?.kind !== "delete") return;
              const { row } = dialog;
              setDialog(null);
              if (row.kind === "file") attempt(() => onDelete(row.path));
              else {
                attempt(() => {
                  for (const p of filesIn(row.path)) onDelete(p);
                });
                setEmptyFolders((f) => f.filter((x) => x !== row.path && !x.startsWith(`${row.path}/`)));
              }
            }}
          >
            Delete
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
