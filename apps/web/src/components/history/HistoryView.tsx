import { EmptyState } from "@codeclass/ui";
import { Alert, Badge, Box, Button, Group, Kbd, Paper, SegmentedControl, Slider, Stack, Tabs, Text } from "@mantine/core";
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { formatDateTime } from "../run/runFormat.ts";
import classes from "./HistoryView.module.css";
import { initialPlayer, type PlayerAction, type PlayerSpeed, playerReducer, playerSpeeds, shownIndex, tickMs } from "./player.ts";
import type { Replayer, ReplayState } from "./replay.ts";
import { textChange } from "./restore.ts";
import type { HistoryStep } from "./useHistoryLog.ts";

/** The step the reader is on, for the page's own buttons (Restore). */
export interface ShownStep {
  index: number;
  step: HistoryStep;
  state: ReplayState;
  /** Moves the player to the newest step (and keeps it there while steps arrive). */
  showNewest: () => void;
}

export interface HistoryViewProps {
  replayer: Replayer;
  steps: readonly HistoryStep[];
  /** Every page is loaded. */
  done: boolean;
  /** Buttons beside the player that act on the step shown (e.g. "Restore this version"). */
  actions?: (shown: ShownStep) => ReactNode;
}

/** Keys typed into a field, a dialog or the editor are not the player's. */
function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && Boolean(target.closest("input, textarea, select, [contenteditable='true'], [role='dialog']"));
}

/** The lines (1-based, inclusive) that step changed in a file, or null when it did not change it. */
function changedLines(before: string | undefined, after: string): { from: number; to: number } | null {
  if (before === after) return null;
  const change = textChange(before ?? "", after);
  const lineAt = (i: number) => after.slice(0, i).split("\n").length;
  return { from: lineAt(change.at), to: lineAt(change.at + change.insert.length) };
}

/**
 * A player over the edit log: play/pause at a chosen speed, a scrubber, step and paste keys, and
 * the files as they were after the step shown, with the lines that step changed marked.
 */
export function HistoryView({ replayer, steps, done, actions }: HistoryViewProps) {
  const [player, setPlayer] = useState(initialPlayer);
  const length = useRef(steps.length);
  length.current = steps.length;
  const dispatch = useCallback((action: PlayerAction) => setPlayer((p) => playerReducer(p, action, length.current)), []);
  const [file, setFile] = useState<string | null>(null);
  const last = steps.length - 1;
  const index = shownIndex(player, steps.length);
  const state = useMemo(() => (index >= 0 ? replayer.stateAt(index) : null), [replayer, index]);
  const previous = useMemo(() => (index >= 1 ? replayer.stateAt(index - 1) : null), [replayer, index]);
  const large = useMemo(() => steps.flatMap((s, i) => (s.large ? [i] : [])), [steps]);
  const codeRef = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (!player.playing) return;
    const timer = setInterval(() => dispatch({ type: "tick" }), tickMs(player.speed));
    return () => clearInterval(timer);
  }, [player.playing, player.speed, dispatch]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      // The scrubber and the file tabs move with the arrows (and Home/End) themselves; buttons take Space.
      const ownsArrows = Boolean(target?.closest("[role='slider'], [role='tab'], [role='radio']"));
      const ownsSpace = Boolean(target?.closest("button, a, [role='tab'], [role='radio']"));
      const actionFor: Record<string, PlayerAction | undefined> = {
        " ": ownsSpace ? undefined : { type: "toggle" },
        k: { type: "toggle" },
        j: { type: "step", by: -1 },
        l: { type: "step", by: 1 },
        ArrowLeft: ownsArrows ? undefined : { type: "step", by: -1 },
        ArrowRight: ownsArrows ? undefined : { type: "step", by: 1 },
        Home: ownsArrows ? undefined : { type: "first" },
        End: ownsArrows ? undefined : { type: "last" },
        "[": { type: "paste", dir: -1, large },
        "]": { type: "paste", dir: 1, large },
      };
      const action = actionFor[event.key];
      if (!action) return;
      event.preventDefault();
      dispatch(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dispatch, large]);

  // The tab the reader picked; else the file this step changed; else main.* or the first.
  const changed = state?.files.find((f) => previous?.files.find((p) => p.path === f.path)?.content !== f.content);
  const shown =
    state?.files.find((f) => f.path === file) ??
    changed ??
    state?.files.find((f) => /^(main|Main)\./.test(f.path)) ??
    state?.files[0] ??
    null;
  const marked = shown ? changedLines(previous?.files.find((p) => p.path === shown.path)?.content, shown.content) : null;

  // Keep the changed lines in view while playing (scrolling only the code box, never the page).
  useLayoutEffect(() => {
    const pre = codeRef.current;
    const line = pre?.querySelector<HTMLElement>("[data-changed]");
    if (!pre || !line) return;
    const top = line.offsetTop - pre.offsetTop;
    if (top < pre.scrollTop || top + line.offsetHeight > pre.scrollTop + pre.clientHeight)
      pre.scrollTop = Math.max(0, top - pre.clientHeight / 3);
  }, [index, shown?.path]);

  if (steps.length === 0) {
    return done ? <EmptyState title="No edits yet" description="Every change to this workspace is listed here once it is made." /> : null;
  }
  const step = steps[index]!;
  const at = new Date(step.at);
  const who = step.source === "template" ? "the course template" : `by ${step.author?.name || "unknown"}`;

  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" radius="md" role="region" aria-label="History player">
        <Group justify="space-between" gap="sm" wrap="wrap" mb="xs">
          <Text size="sm" aria-live={player.playing ? "off" : "polite"}>
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
              <Badge
                ml={6}
                color="gray"
                size="sm"
                variant="light"
                title="Sent at once when their editor (re)connected: work done offline, or text sent that way"
              >
                On reconnect
              </Badge>
            ) : null}
            {step.source === "sent" ? (
              <Badge ml={6} color="blue" size="sm" variant="light" title="A file staff sent to every student from a live session">
                Sent by staff
              </Badge>
            ) : null}
          </Text>
          {state && actions ? actions({ index, step, state, showNewest: () => dispatch({ type: "last" }) }) : null}
        </Group>
        <Group gap="sm" wrap="nowrap" align="center">
          <Button
            size="compact-sm"
            w={84}
            onClick={() => dispatch({ type: "toggle" })}
            aria-keyshortcuts="Space K"
            aria-label={player.playing ? "Pause" : "Play"}
          >
            {player.playing ? "❚❚ Pause" : "▶ Play"}
          </Button>
          <Box style={{ flex: 1 }}>
            <Slider
              label={null}
              min={0}
              max={Math.max(0, last)}
              value={index}
              onChange={(i) => dispatch({ type: "seek", index: i })}
              thumbLabel="Step in the history"
              thumbValueText={`Step ${index + 1} of ${steps.length}, ${formatDateTime(at)}, ${who}`}
              marks={large.map((i) => ({ value: i }))}
              classNames={{ mark: classes.pasteMark }}
            />
          </Box>
          <SegmentedControl
            size="xs"
            aria-label="Playback speed"
            value={String(player.speed)}
            onChange={(v) => dispatch({ type: "speed", speed: Number(v) as PlayerSpeed })}
            data={playerSpeeds.map((s) => ({ value: String(s), label: `${s}×` }))}
          />
        </Group>
        <Group gap={6} mt="xs" justify="space-between" wrap="wrap">
          <Group gap={6}>
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => dispatch({ type: "step", by: -1 })}
              disabled={index <= 0}
              aria-keyshortcuts="J"
            >
              Previous step
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => dispatch({ type: "step", by: 1 })}
              disabled={index >= last}
              aria-keyshortcuts="L"
            >
              Next step
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="orange"
              onClick={() => dispatch({ type: "paste", dir: -1, large })}
              disabled={!large.some((i) => i < index)}
              aria-keyshortcuts="["
            >
              Previous paste
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="orange"
              onClick={() => dispatch({ type: "paste", dir: 1, large })}
              disabled={!large.some((i) => i > index)}
              aria-keyshortcuts="]"
            >
              Next paste
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            <Kbd size="xs">Space</Kbd>/<Kbd size="xs">K</Kbd> play or pause · <Kbd size="xs">J</Kbd>/<Kbd size="xs">L</Kbd> or{" "}
            <Kbd size="xs">←</Kbd>/<Kbd size="xs">→</Kbd> step · <Kbd size="xs">[</Kbd>/<Kbd size="xs">]</Kbd> pastes ·{" "}
            <Kbd size="xs">Home</Kbd>/<Kbd size="xs">End</Kbd> first and newest. Orange marks are large pastes (200 or more characters at
            once).
          </Text>
        </Group>
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
              <Box
                component="pre"
                ref={codeRef}
                className={classes.code}
                tabIndex={0}
                aria-label={`${shown.path} at step ${index + 1} (read-only)`}
              >
                {shown.content.split("\n").map((line, i) => {
                  const isChanged = marked !== null && i + 1 >= marked.from && i + 1 <= marked.to;
                  return (
                    <span key={i} className={classes.line} data-changed={isChanged || undefined}>
                      <span className={classes.lineNo} aria-hidden>
                        {i + 1}
                      </span>
                      {line || " "}
                    </span>
                  );
                })}
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
