import { Button, Group, Stack, Switch, Text, Title } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { type RefObject, useId } from "react";
import { RunResult } from "./RunResult.tsx";
import { RunTerminal, type RunTerminalHandle } from "./RunTerminal.tsx";
import type { useRun } from "./useRun.ts";

export interface TerminalPanelProps {
  terminalRef: RefObject<RunTerminalHandle | null>;
  /** The run the terminal shows (from useRun): its input, Ctrl+C and last result. */
  runner: Pick<ReturnType<typeof useRun>, "acceptingInput" | "sendInput" | "stop" | "result">;
  height: string;
  /** Heading level of "Terminal" (2 on a page, 3 inside a section). */
  headingOrder?: 2 | 3;
}

/** The "Terminal" section: heading, screen-reader switch, help, the xterm terminal and the last result. */
export function TerminalPanel({ terminalRef, runner, height, headingOrder = 2 }: TerminalPanelProps) {
  const [screenReader, setScreenReader] = useLocalStorage({ key: "codeclass:run:terminal-screen-reader", defaultValue: false });
  const helpId = useId();
  const headingId = useId();
  return (
    <Stack component="section" gap="xs" aria-labelledby={headingId}>
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <Title order={headingOrder} size="h4" id={headingId}>
          Terminal
        </Title>
        <Group gap="md" wrap="wrap">
          <Switch label="Screen reader mode" checked={screenReader} onChange={(e) => setScreenReader(e.currentTarget.checked)} size="sm" />
          <Button size="xs" variant="default" onClick={() => terminalRef.current?.clear()}>
            Clear
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" id={helpId}>
        Errors show in red and compiler messages in yellow. While the program runs, click the terminal (or Tab to it) and type its input:
        Enter sends the line, Ctrl+D ends the input, Ctrl+C stops the program.
      </Text>
      <RunTerminal
        ref={terminalRef}
        acceptingInput={runner.acceptingInput}
        onInput={runner.sendInput}
        onInterrupt={runner.stop}
        screenReaderMode={screenReader}
        describedBy={helpId}
        height={height}
      />
      {runner.result ? <RunResult result={runner.result} /> : null}
    </Stack>
  );
}
