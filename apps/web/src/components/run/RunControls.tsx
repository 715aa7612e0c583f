import { Button, Group, Kbd, Loader, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useHasKeyboard } from "../workbench/useCompactLayout.ts";
import { activePhases, type RunPhase } from "./useRun.ts";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** "Ctrl" or "⌘", for shortcut hints. */
export const modKey = isMac ? "⌘" : "Ctrl";

const phaseLabels: Record<RunPhase, string> = {
  idle: "",
  starting: "Starting…",
  queued: "Queued…",
  compiling: "Compiling…",
  running: "Running…",
  ended: "Finished",
};

export interface RunControlsProps {
  phase: RunPhase;
  reconnecting: boolean;
  /** Running is possible at all (the sandbox is set up, the reader may run this). */
  canRun: boolean;
  onRun: () => void;
  onStop: () => void;
  /** Shown before the buttons, e.g. the language picker. */
  children?: ReactNode;
}

/** Run (Ctrl/Cmd+Enter) and Stop, compact for a toolbar, with the run's status announced politely. */
export function RunControls({ phase, reconnecting, canRun, onRun, onStop, children }: RunControlsProps) {
  const active = activePhases.includes(phase);
  const keyboard = useHasKeyboard();
  const status = reconnecting ? "Reconnecting…" : phaseLabels[phase];
  return (
    <Group align="center" gap="xs" wrap="nowrap">
      {children}
      <Button
        size="xs"
        onClick={onRun}
        disabled={!canRun || active}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        rightSection={
          keyboard ? (
            <Kbd size="xs" aria-hidden>
              {modKey}+Enter
            </Kbd>
          ) : undefined
        }
      >
        Run
      </Button>
      <Button size="xs" color="red" variant="light" onClick={onStop} disabled={!active}>
        Stop
      </Button>
      <Group gap={4} role="status" aria-live="polite" mih={28} align="center" wrap="nowrap" miw={90}>
        {active || reconnecting ? <Loader size="xs" aria-hidden /> : null}
        {status ? (
          <Text size="sm" fw={500}>
            {status}
          </Text>
        ) : null}
      </Group>
    </Group>
  );
}

/** Ctrl/Cmd+Enter (without Alt or Shift): the run shortcut. */
export function isRunShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): boolean {
  return event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}
