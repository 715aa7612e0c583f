import { Badge, Button, Group, Tabs, Tooltip } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { type ReactNode, type Ref, useCallback, useImperativeHandle, useRef, useState } from "react";
import { Panel, Group as PanelGroup, type PanelImperativeHandle, Separator, useDefaultLayout } from "react-resizable-panels";
import { CommandPalette } from "./CommandPalette.tsx";
import type { WorkbenchCommand } from "./commands.ts";
import { useCompactLayout } from "./useCompactLayout.ts";
import classes from "./Workbench.module.css";

/** A tab of the side area: comments, people, the demo, history… */
export interface WorkbenchSideTab {
  id: string;
  /** The tab's name, e.g. "Comments". */
  label: string;
  /** A count beside the name (e.g. unread comments); nothing when 0 or absent. */
  badge?: number;
  content: ReactNode;
}

/** The panes of a workbench; `side:<id>` is one tab of the side area. */
export type WorkbenchPane = "files" | "code" | "terminal" | "side" | `side:${string}`;

/** What a page can do to its workbench. */
export interface WorkbenchHandle {
  /** Brings a pane into view: expands it when collapsed (wide screens) or switches to it (phones). */
  show(pane: WorkbenchPane): void;
  /** Collapses a pane, or expands it when collapsed (wide screens; phones switch to it). */
  toggle(pane: "files" | "terminal" | "side"): void;
  openPalette(): void;
}

export interface WorkbenchProps {
  ref?: Ref<WorkbenchHandle>;
  /**
   * Names this kind of workbench ("workspace", "run", "review"): pane sizes and the side tab are
   * remembered across reloads under it (localStorage), so use one id per layout, not per document.
   */
  layoutId: string;
  /** The workbench's accessible name, e.g. "My workspace". */
  label: string;
  /** The compact bar above the panes: Run, Stop, language, sync state, extra buttons. */
  toolbar: ReactNode;
  /** Shown between the toolbar and the panes (alerts); keep it short. */
  notices?: ReactNode;
  /** The file tree (e.g. `FileTree`), left. */
  files: ReactNode;
  /** The editor with its file tabs, centre. It must fill its box (height 100%). */
  editor: ReactNode;
  /** The terminal, under the editor. It must fill its box. */
  terminal: ReactNode;
  /** The side area's tabs, right (comments, people, demo, history). None: no side area. */
  side?: readonly WorkbenchSideTab[];
  /** Every action with its shortcut, for the command palette (Ctrl+Shift+P, F1) and the keys. */
  commands?: readonly WorkbenchCommand[];
  /** Whether this workbench answers the keyboard shortcuts: false while it is hidden (another tab). Default true. */
  active?: boolean;
  /** Phones: the buttons of the bottom bar (Run, Stop, Send EOF). */
  phoneActions?: ReactNode;
  /** The reader opened a side tab (e.g. to mark comments read). */
  onSideTabOpen?: (id: string) => void;
}

function Handle({ label }: { label: string }) {
  return <Separator className={classes.separator} aria-label={label} />;
}

/**
 * The IDE's layout: file tree | editor over terminal | side tabs, resizable and collapsible with
 * sizes kept across reloads, plus the command palette. Below 768 px wide it shows one pane at a
 * time with tabs, and a bottom bar of buttons. It fills its parent: put it in a `WorkbenchFrame`
 * to take the window below the top bar.
 */
export function Workbench(props: WorkbenchProps) {
  const {
    ref,
    layoutId,
    label,
    toolbar,
    notices,
    files,
    editor,
    terminal,
    side = [],
    commands = [],
    active = true,
    phoneActions,
    onSideTabOpen,
  } = props;
  const compact = useCompactLayout();
  const rootRef = useRef<HTMLElement>(null);
  const filesPanel = useRef<PanelImperativeHandle | null>(null);
  const terminalPanel = useRef<PanelImperativeHandle | null>(null);
  const sidePanel = useRef<PanelImperativeHandle | null>(null);
  const openPalette = useRef<() => void>(() => {});
  const storage = typeof window === "undefined" ? undefined : window.localStorage;
  const columns = useDefaultLayout({
    id: `codeclass:workbench:${layoutId}:columns`,
    storage,
    panelIds: ["files", "main", "side"].filter((id) => id !== "side" || side.length > 0),
  });
  const rows = useDefaultLayout({ id: `codeclass:workbench:${layoutId}:rows`, storage });
  const [sideTab, setSideTab] = useLocalStorage<string>({
    key: `codeclass:workbench:${layoutId}:side-tab`,
    defaultValue: side[0]?.id ?? "",
  });
  const [phonePane, setPhonePane] = useState<string>("code");
  const [, rerender] = useState(0);
  const shownSide = side.some((t) => t.id === sideTab) ? sideTab : (side[0]?.id ?? "");

  const panelOf = (pane: "files" | "terminal" | "side") =>
    pane === "files" ? filesPanel.current : pane === "terminal" ? terminalPanel.current : sidePanel.current;
  const show = useCallback(
    (pane: WorkbenchPane) => {
      if (pane.startsWith("side:")) {
        setSideTab(pane.slice(5));
        onSideTabOpen?.(pane.slice(5));
      }
      if (compact) {
        setPhonePane(pane.startsWith("side") ? "side" : pane);
        return;
      }
      const key = pane.startsWith("side") ? "side" : pane;
      if (key === "code") return;
      const panel = panelOf(key as "files" | "terminal" | "side");
      if (panel?.isCollapsed()) panel.expand();
      rerender((n) => n + 1);
    },
    [compact, setSideTab, onSideTabOpen],
  );
  const toggle = useCallback(
    (pane: "files" | "terminal" | "side") => {
      if (compact) return setPhonePane(pane);
      const panel = panelOf(pane);
      if (!panel) return;
      if (panel.isCollapsed()) panel.expand();
      else panel.collapse();
      rerender((n) => n + 1);
    },
    [compact],
  );
  useImperativeHandle(ref, () => ({ show, toggle, openPalette: () => openPalette.current() }), [show, toggle]);

  const palette = commands.length ? (
    <CommandPalette commands={commands} active={active} scope={rootRef} onReady={(open) => (openPalette.current = open)} />
  ) : null;
  const sideTabs = side.length ? (
    <Tabs
      value={shownSide}
      onChange={(v) => {
        if (!v) return;
        setSideTab(v);
        onSideTabOpen?.(v);
      }}
      keepMounted={false}
      className={classes.sideTabs}
      variant="outline"
    >
      <Tabs.List aria-label="Side area" style={{ flexWrap: "nowrap", overflowX: "auto", flex: "none" }}>
        {side.map((t) => (
          <Tabs.Tab
            key={t.id}
            value={t.id}
            rightSection={
              t.badge ? (
                <Badge size="xs" circle aria-label={`${t.badge} new`}>
                  {t.badge}
                </Badge>
              ) : undefined
            }
          >
            {t.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {side.map((t) => (
        <Tabs.Panel key={t.id} value={t.id} className={classes.sidePanel}>
          {t.content}
        </Tabs.Panel>
      ))}
    </Tabs>
  ) : null;

  if (compact) {
    const panes = [
      { id: "files", label: "Files", content: files },
      { id: "code", label: "Code", content: editor },
      { id: "terminal", label: "Terminal", content: terminal },
      ...(sideTabs ? [{ id: "side", label: side[0]?.label ?? "More", content: sideTabs }] : []),
    ];
    const unread = side.reduce((n, t) => n + (t.badge ?? 0), 0);
    return (
      <section ref={rootRef} className={classes.workbench} aria-label={label}>
        <div className={classes.toolbar}>{toolbar}</div>
        {notices}
        <Tabs value={phonePane} onChange={(v) => v && setPhonePane(v)} className={classes.phoneTabs} keepMounted>
          <Tabs.List grow aria-label="Panes" style={{ flex: "none" }}>
            {panes.map((p) => (
              <Tabs.Tab
                key={p.id}
                value={p.id}
                rightSection={
                  p.id === "side" && unread ? (
                    <Badge size="xs" circle aria-label={`${unread} new`}>
                      {unread}
                    </Badge>
                  ) : undefined
                }
              >
                {p.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {panes.map((p) => (
            <Tabs.Panel key={p.id} value={p.id} className={classes.phonePanel}>
              {p.content}
            </Tabs.Panel>
          ))}
        </Tabs>
        {phoneActions ? (
          <section className={classes.phoneActions} aria-label="Program controls">
            {phoneActions}
          </section>
        ) : null}
        {palette}
      </section>
    );
  }

  const toggleButton = (pane: "files" | "terminal" | "side", name: string) => {
    const open = !(panelOf(pane)?.isCollapsed() ?? false);
    return (
      <Tooltip label={`${open ? "Hide" : "Show"} the ${name.toLowerCase()} pane`}>
        <Button size="compact-xs" variant={open ? "light" : "subtle"} aria-pressed={open} onClick={() => toggle(pane)}>
          {name}
        </Button>
      </Tooltip>
    );
  };

  return (
    <section ref={rootRef} className={classes.workbench} aria-label={label}>
      <div className={classes.toolbar}>
        {toolbar}
        <Group gap={4} ml="auto" wrap="nowrap" aria-label="Panes" role="group">
          {toggleButton("files", "Files")}
          {toggleButton("terminal", "Terminal")}
          {side.length ? toggleButton("side", "Side") : null}
          {commands.length ? (
            <Tooltip label="All actions and their keys (Ctrl+Shift+P or F1)">
              <Button size="compact-xs" variant="default" onClick={() => openPalette.current()} aria-keyshortcuts="Control+Shift+P F1">
                Actions…
              </Button>
            </Tooltip>
          ) : null}
        </Group>
      </div>
      {notices}
      <PanelGroup
        orientation="horizontal"
        className={classes.panes}
        defaultLayout={columns.defaultLayout}
        onLayoutChanged={(layout, meta) => {
          columns.onLayoutChanged(layout, meta);
          rerender((n) => n + 1);
        }}
      >
        <Panel id="files" panelRef={filesPanel} collapsible collapsedSize={0} minSize={150} defaultSize="17%" className={classes.pane}>
          {files}
        </Panel>
        <Handle label="Resize the files pane" />
        <Panel id="main" minSize="30%" className={classes.pane}>
          <PanelGroup
            orientation="vertical"
            defaultLayout={rows.defaultLayout}
            onLayoutChanged={(layout, meta) => {
              rows.onLayoutChanged(layout, meta);
              rerender((n) => n + 1);
            }}
          >
            <Panel id="editor" minSize={120} className={classes.pane}>
              {editor}
            </Panel>
            <Handle label="Resize the terminal" />
            <Panel
              id="terminal"
              panelRef={terminalPanel}
              collapsible
              collapsedSize={0}
              minSize={90}
              defaultSize="38%"
              className={classes.pane}
            >
              {terminal}
            </Panel>
          </PanelGroup>
        </Panel>
        {side.length ? (
          <>
            <Handle label="Resize the side area" />
            <Panel id="side" panelRef={sidePanel} collapsible collapsedSize={0} minSize={220} defaultSize="25%" className={classes.pane}>
              {sideTabs}
            </Panel>
          </>
        ) : null}
      </PanelGroup>
      {palette}
    </section>
  );
}

/** Holds a workbench in the window below the app's top bar, so the page does not scroll. */
export function WorkbenchFrame({ children }: { children: ReactNode }) {
  return <div className={classes.frame}>{children}</div>;
}
