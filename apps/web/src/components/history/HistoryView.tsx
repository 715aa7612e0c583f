import { EmptyState } from "@codeclass/ui";
import { Alert, Badge, Box, Button, Group, Kbd, Paper, Slider, Stack, Tabs, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import { formatDateTime } from "../run/runFormat.ts";
import classes from "./HistoryView.module.css";
import type { Replayer } from "./replay.ts";
import type { HistoryStep } from "./useHistoryLog.ts";

export interface HistoryViewProps {
  replayer: Replayer;
  steps: readonly HistoryStep[];
  /** Every page is loaded. */
  done: boolean;
}

/** A slider over the edit log: the files as they were after each step, with who made it and when. */
export function HistoryView({ replayer, steps, done }: HistoryViewProps) {
  const [chosen, setChosen] = useState<number | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const last = steps.length - 1;
  // Until the reader moves the slider it stays on the newest step, also while pages arrive.
  const index = chosen === null ? last : Math.min(chosen, last);
  const state = useMemo(() => (index >= 0 ? replayer.stateAt(index) : null), [replayer, index]);
  const previous = useMemo(() => (index >= 1 ? replayer.stateAt(index - 1) : null), [replayer, index]);
  const large = useMemo(() => steps.flatMap((s, i) => (s.large ? [i] : [])), [steps]);
  if (steps.length === 0) {
    return done ? <EmptyState title="No edits yet" description="Every change to this workspace is listed here once it is made." /> : null;
  }
  const step = steps[index]!;
  // The tab the reader picked; else the file this step changed; else main.* or the first.
  const changed = state?.files.find((f) => previous?.files.find((p) => p.path === f.path)?.content !== f.content);
  const shown =
    state?.files.find((f) => f.path === file) ??
    changed ??
    state?.files.find((f) => /^(main|Main)\./.test(f.path)) ??
    state?.files[0] ??
    null;
  const jumpLarge = (dir: 1 | -1) => {
    const target = dir === 1 ? large.find((i) => i > index) : [...large].reverse().find((i) => i < index);
    if (target !== undefined) setChosen(target);
  };
  const at = new Date(step.at);

  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" gap="sm" wrap="wrap" mb="xs">
          <Text size="sm" aria-live="polite">
            Step <b>{index + 1}</b> of {steps.length}
            {done ? "" : "+ (loading…)"} · <time dateTime={at.toISOString()}>{formatDateTime(at)}</time> ·{" "}
            {step.source === "template" ? (
              <b>started from the course template</b>
            ) : (
              <>
                by <b>{step.author?.name || "unknown"}</b>
              </>
            )}{" "}
            ·{" "}
            {step.insertedChars === 0
              ? "no text added"
              : `${step.insertedChars} ${step.insertedChars === 1 ? "character" : "characters"} added`}
            {step.large ? (
              <Badge ml={6} color="orange" size="sm" variant="filled">
                Large paste
              </Badge>
            ) : null}
            {step.source === "sync" ? (
              <Badge ml={6} color="gray" size="sm" variant="light" title="Sent when their editor (re)connected, e.g. work done offline">
                On reconnect
              </Badge>
            ) : null}
          </Text>
          <Group gap={6}>
            <Button size="compact-sm" variant="default" onClick={() => setChosen(Math.max(0, index - 1))} disabled={index <= 0}>
              Previous step
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => setChosen(Math.min(last, index + 1))} disabled={index >= last}>
              Next step
            </Button>
            <Button size="compact-sm" variant="light" color="orange" onClick={() => jumpLarge(-1)} disabled={!large.some((i) => i < index)}>
              Previous paste
            </Button>
            <Button size="compact-sm" variant="light" color="orange" onClick={() => jumpLarge(1)} disabled={!large.some((i) => i > index)}>
              Next paste
            </Button>
          </Group>
        </Group>
        <Slider
          label={null}
          min={0}
          max={Math.max(0, last)}
          value={index}
          onChange={setChosen}
          thumbLabel="Step in the history"
          thumbValueText={`Step ${index + 1} of ${steps.length}, ${formatDateTime(at)}, ${step.source === "template" ? "the course template" : `by ${step.author?.name || "unknown"}`}`}
          marks={large.map((i) => ({ value: i }))}
          classNames={{ mark: classes.pasteMark }}
        />
        <Text size="xs" c="dimmed" mt="xs">
          Drag the slider or use <Kbd size="xs">←</Kbd>/<Kbd size="xs">→</Kbd> (<Kbd size="xs">Page Up</Kbd>/<Kbd size="xs">Page Down</Kbd>{" "}
          for bigger jumps, <Kbd size="xs">Home</Kbd>/<Kbd size="xs">End</Kbd> for the first and last step). Orange marks are large pastes
          (200 or more characters at once).
        </Text>
      </Paper>
      {state?.incomplete ? (
        <Alert color="yellow" title="Part of the text is missing at this step">
          The edit log of this workspace starts after content that is not in it (for example, a workspace created before its history was
          kept), so edits made to that content cannot be placed here. The live workspace itself is complete.
        </Alert>
      ) : null}
      {state && state.files.length > 0 ? (
        <Tabs value={shown?.path ?? null} onChange={setFile} variant="outline">
          <Tabs.List aria-label="Files at this step">
            {state.files.map((f) => (
              <Tabs.Tab key={f.path} value={f.path} ff="monospace" fz="sm">
                {f.path}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {shown ? (
            <Tabs.Panel value={shown.path} pt="xs">
              <Box component="pre" className={classes.code} tabIndex={0} aria-label={`${shown.path} at step ${index + 1} (read-only)`}>
                {shown.content.split("\n").map((line, i) => (
                  <span key={i} className={classes.line}>
                    <span className={classes.lineNo} aria-hidden>
                      {i + 1}
                    </span>
                    {line || " "}
                  </span>
                ))}
              </Box>
            </Tabs.Panel>
          ) : null}
        </Tabs>
      ) : (
        <Text c="dimmed">No files at this step.</Text>
      )}
    </Stack>
  );
}
