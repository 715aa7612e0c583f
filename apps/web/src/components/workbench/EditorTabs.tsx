import { CloseButton, Group, ScrollArea, UnstyledButton } from "@mantine/core";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { baseName } from "./fileTree.ts";
import { afterClose, nextOpenTabs } from "./openTabs.ts";

/** The files open as tabs over the editor, following the open file (`useOpenTabs`). */
export function useOpenTabs(paths: readonly string[], active: string | null) {
  const [open, setOpen] = useState<string[]>(active ? [active] : []);
  useEffect(() => setOpen((o) => nextOpenTabs(o, paths, active)), [paths, active]);
  return [open, setOpen] as const;
}

export interface EditorTabsProps {
  open: readonly string[];
  active: string | null;
  onSelect: (path: string) => void;
  /** After a close: the remaining tabs and the one to show (null: none). */
  onClose: (open: string[], next: string | null) => void;
  /** Extra content at the right end (e.g. a comment button). */
  right?: React.ReactNode;
}

/** A tab per open file above the editor; ←/→ move between them, Delete or the × closes one. */
export function EditorTabs({ open, active, onSelect, onClose, right }: EditorTabsProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const close = (path: string) => {
    const next = path === active ? afterClose(open, path) : active;
    onClose(
      open.filter((p) => p !== path),
      next,
    );
  };
  const onKeyDown = (event: KeyboardEvent, path: string) => {
    const i = open.indexOf(path);
    const to = event.key === "ArrowRight" ? open[i + 1] : event.key === "ArrowLeft" ? open[i - 1] : undefined;
    if (to) {
      event.preventDefault();
      onSelect(to);
      requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-tab="${CSS.escape(to)}"]`)?.focus());
    } else if (event.key === "Delete" && open.length > 1) {
      event.preventDefault();
      close(path);
    }
  };
  return (
    <Group gap={0} wrap="nowrap" style={{ borderBottom: "1px solid var(--mantine-color-default-border)", flex: "none" }}>
      <ScrollArea type="never" style={{ flex: 1 }}>
        <Group gap={0} wrap="nowrap" role="tablist" aria-label="Open files" ref={listRef}>
          {open.map((path) => {
            const selected = path === active;
            return (
              <Group
                key={path}
                gap={2}
                wrap="nowrap"
                px={6}
                style={{
                  borderRight: "1px solid var(--mantine-color-default-border)",
                  borderBottom: selected ? "2px solid var(--mantine-primary-color-filled)" : "2px solid transparent",
                  background: selected ? "var(--mantine-color-body)" : "var(--mantine-color-default)",
                }}
              >
                <UnstyledButton
                  role="tab"
                  aria-selected={selected}
                  tabIndex={selected ? 0 : -1}
                  data-tab={path}
                  title={path}
                  onClick={() => onSelect(path)}
                  onKeyDown={(e) => onKeyDown(e, path)}
                  ff="monospace"
                  fz="sm"
                  py={5}
                  px={4}
                  fw={selected ? 600 : 400}
                  style={{ whiteSpace: "nowrap" }}
                >
                  {baseName(path)}
                </UnstyledButton>
                {open.length > 1 ? <CloseButton size="xs" aria-label={`Close ${path}`} tabIndex={-1} onClick={() => close(path)} /> : null}
              </Group>
            );
          })}
        </Group>
      </ScrollArea>
      {right}
    </Group>
  );
}
