import { Badge, Button, Group, Menu, Stack, Switch, Text, Tooltip } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { type RefObject, useId } from "react";
import { useHasKeyboard } from "../workbench/useCompactLayout.ts";
import { RunResult } from "./RunResult.tsx";
import { RunTerminal, type RunTerminalHandle } from "./RunTerminal.tsx";
import { queueLabel } from "./runFormat.ts";
import type { useRun } from "./useRun.ts";

export interface TerminalPanelProps {
  terminalRef: RefObject<RunTerminalHandle | null>;
  /** The run the terminal shows (from useRun): its input, Ctrl+C, its state and last result. */
  runner: Pick<ReturnType<typeof useRun>, "acceptingInput" | "waitingForInput" | "queue" | "sendInput" | "stop" | "result">;
  /** A beginner's hint about how the last run ended (`verdictHint`), under its verdict. */
  hint?: string | null;
  /** Whether a path is one of the workspace's files (file:line in the output becomes a link). */
  isFile?: (path: string) => boolean;
  onOpenLocation?: (file: string, line: number, column?: number) => void;
}

/** The terminal pane: a header with the program's state, the xterm terminal filling the pane, and the last result. */
export function TerminalPanel({ terminalRef, runner, hint, isFile, onOpenLocation }: TerminalPanelProps) {
  const [screenReader, setScreenReader] = useLocalStorage({ key: "codeclass:run:terminal-screen-reader", defaultValue: false });
  const keyboard = useHasKeyboard();
  const helpId = useId();
  const headingId = useId();
  const status = runner.waitingForInput
    ? "Waiting for your input: type it here and press Enter"
    : runner.queue
      ? queueLabel(runner.queue.position, runner.queue.etaMs)
      : "";
  return (
    <Stack component="section" gap={4} aria-labelledby={headingId} h="100%" p={6} style={{ minHeight: 0 }}>
      <Group justify="space-between" align="center" gap="xs" wrap="nowrap" style={{ flex: "none" }}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Text component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" id={headingId} m={0}>
            Terminal
          </Text>
          <Group gap={4} role="status" aria-live="polite" wrap="nowrap" style={{ minWidth: 0 }}>
            {status ? (
              <Badge
                color={runner.waitingForInput ? "yellow" : "gray"}
                variant={runner.waitingForInput ? "filled" : "light"}
                size="md"
                tt="none"
                style={{ overflow: "hidden", textOverflow: "ellipsis" }}
                data-waiting={runner.waitingForInput || undefined}
              >
                {status}
              </Badge>
            ) : null}
          </Group>
        </Group>
        <Group gap={4} wrap="nowrap">
          <Tooltip label="End the program's input (as Ctrl+D does)">
            <Button size="compact-xs" variant="default" disabled={!runner.acceptingInput} onClick={() => terminalRef.current?.endInput()}>
              Send EOF
            </Button>
          </Tooltip>
          <Button size="compact-xs" variant="default" onClick={() => terminalRef.current?.clear()}>
            Clear
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="subtle" aria-label="Terminal options">
                ⋯
              </Button>
            </Menu.Target>
            <Menu.Dropdown p="xs">
              <Switch
                label="Screen reader mode"
                checked={screenReader}
                onChange={(e) => setScreenReader(e.currentTarget.checked)}
                size="sm"
              />
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" id={helpId} style={{ flex: "none" }} hidden={!keyboard}>
        Type the program’s input here: Enter sends the line, Ctrl+D ends the input, Ctrl+C stops the program. Red is an error.
      </Text>
      <div style={{ flex: 1, minHeight: 0 }}>
        <RunTerminal
          ref={terminalRef}
          acceptingInput={runner.acceptingInput}
          onInput={runner.sendInput}
          onInterrupt={runner.stop}
          screenReaderMode={screenReader}
          describedBy={helpId}
          isFile={isFile}
          onOpenLocation={onOpenLocation}
        />
      </div>
      {runner.result ? <RunResult result={runner.result} hint={hint ?? null} /> : null}
    </Stack>
  );
}
