import { notifications } from "@mantine/notifications";
import { skipToken, useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { type RefObject, useCallback, useRef, useState } from "react";
import { errorCode, errorMessage } from "../../lib/errors.ts";
import { useTRPC, useTRPCClient } from "../../trpc.ts";
import type { RunFile, RunLanguageId } from "./files.ts";
import { chunkText, toTerminal } from "./lineInput.ts";
import type { RunTerminalHandle } from "./RunTerminal.tsx";
import { type RunEndResult, type RunStreamEvent, verdictStyle } from "./runFormat.ts";
import { TerminalFilter } from "./terminalFilter.ts";

/** Where a run is: not started, waiting for `run.start`, the server's statuses, or finished. */
export type RunPhase = "idle" | "starting" | "queued" | "compiling" | "running" | "ended";

export const activePhases: readonly RunPhase[] = ["starting", "queued", "compiling", "running"];

// ANSI colours: stderr red, compiler output yellow, the page's own notes gray.
const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const GRAY = "\x1b[90m";
const RESET = "\x1b[0m";

/** What to run: files sent from the browser, or a stored workspace (the server reads its document). */
export type StartRequest = (
  | { language: RunLanguageId; files: RunFile[]; workspaceId?: undefined }
  | { workspaceId: string; language?: RunLanguageId; files?: undefined }
) & {
  /** What the terminal's first line says is running, e.g. "main.py · Python 3.11". */
  title: string;
};

/**
 * One run at a time: starts it, streams its events into the terminal, sends typed input as stdin,
 * stops it. Output is written to the terminal as it arrives, not kept in React state.
 */
export function useRun(courseId: string, terminal: RefObject<RunTerminalHandle | null>) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<RunPhase>("idle");
  const [runId, setRunId] = useState<string | null>(null);
  const [result, setResult] = useState<RunEndResult | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [reconnecting, setReconnecting] = useState(false);
  const [inputClosed, setInputClosed] = useState(false);
  // The program is blocked reading stdin (the sandbox's "input" event).
  const [waitingForInput, setWaitingForInput] = useState(false);
  // While queued: runs ahead and the estimate.
  const [queue, setQueue] = useState<{ position: number; etaMs: number } | null>(null);
  // The finished run's compiler output and stderr, for the problems list and the hint.
  const [output, setOutput] = useState<{ compile: string; stderr: string } | null>(null);
  const collected = useRef({ compile: "", stderr: "" });

  // Per run: event ids already shown (a resumed stream must not print twice), typed input waiting
  // for the run id, and the chain that keeps input calls in order.
  const seen = useRef(new Set<string>());
  const runIdRef = useRef<string | null>(null);
  const waitingInput = useRef<{ data: string; eof: boolean }[]>([]);
  const inputChain = useRef<Promise<unknown>>(Promise.resolve());
  const generation = useRef(0);
  // The program's output is untrusted: one filter per stream (see terminalFilter.ts).
  const filters = useRef({ stdout: new TerminalFilter(), stderr: new TerminalFilter(), compile: new TerminalFilter() });

  const write = useCallback((text: string) => terminal.current?.write(text), [terminal]);
  const note = useCallback(
    (text: string, color = GRAY) => {
      terminal.current?.newLine();
      write(`${color}${toTerminal(text)}${RESET}\r\n`);
    },
    [terminal, write],
  );

  const refreshList = useCallback(
    () => void queryClient.invalidateQueries(trpc.run.listMine.queryFilter({ courseId })),
    [queryClient, trpc, courseId],
  );

  const sendNow = useCallback(
    (id: string, data: string, eof: boolean) => {
      const pieces = data ? chunkText(data) : [""];
      pieces.forEach((piece, i) => {
        const last = i === pieces.length - 1;
        inputChain.current = inputChain.current
          .then(() => client.run.input.mutate({ runId: id, data: piece, eof: eof && last }))
          .catch((error: unknown) => {
            // Input for a run that has just ended is dropped quietly; anything else is worth a line.
            if (runIdRef.current === id && errorCode(error) !== "NOT_FOUND") note(`Input not delivered: ${errorMessage(error)}`, RED);
          });
      });
    },
    [client, note],
  );

  const start = useMutation(trpc.run.start.mutationOptions());

  /** Forgets the last run and clears the terminal for a new one. */
  const reset = useCallback(
    (title: string) => {
      const gen = ++generation.current;
      seen.current = new Set();
      waitingInput.current = [];
      inputChain.current = Promise.resolve();
      collected.current = { compile: "", stderr: "" };
      for (const f of Object.values(filters.current)) f.reset();
      runIdRef.current = null;
      setRunId(null);
      setResult(null);
      setStartError(null);
      setReconnecting(false);
      setInputClosed(false);
      setWaitingForInput(false);
      setQueue(null);
      setOutput(null);
      terminal.current?.clear();
      write(`${GRAY}▶ ${title}${RESET}\r\n`);
      return gen;
    },
    [terminal, write],
  );

  const run = useCallback(
    ({ title, ...what }: StartRequest) => {
      const gen = reset(title);
      setPhase("starting");
      start.mutate(
        { courseId, ...what },
        {
          onSuccess: ({ runId: id }) => {
            if (gen !== generation.current) {
              // Stopped (or replaced) while starting: the run must not go on unseen.
              void client.run.cancel.mutate({ runId: id }).catch(() => {});
              return;
            }
            runIdRef.current = id;
            setRunId(id);
            setPhase((p) => (p === "starting" ? "queued" : p));
            for (const input of waitingInput.current) sendNow(id, input.data, input.eof);
            waitingInput.current = [];
            refreshList();
          },
          onError: (error) => {
            if (gen !== generation.current) return;
            setPhase("idle");
            note("Not started.");
            const message = errorMessage(error);
            if (errorCode(error) === "TOO_MANY_REQUESTS") {
              notifications.show({ color: "orange", title: "Too many runs right now", message });
            } else if (errorCode(error) === "BAD_REQUEST") {
              setStartError(`${message.replace(/\.?$/, ".")} Fix this, then press Run again.`);
            } else if (errorCode(error) !== "UNAUTHORIZED") {
              notifications.show({ color: "red", title: "Could not start the run", message });
            }
          },
        },
      );
    },
    [courseId, start, client, reset, note, sendNow, refreshList],
  );

  /** Follows a run started elsewhere (the teacher ran this workspace): its output, and input where allowed. */
  const attach = useCallback(
    (id: string, title: string) => {
      if (runIdRef.current === id) return;
      reset(title);
      runIdRef.current = id;
      setRunId(id);
      setPhase("queued");
    },
    [reset],
  );

  const onEvent = useCallback(
    (id: string | undefined, event: RunStreamEvent) => {
      if (id !== undefined) {
        if (seen.current.has(id)) return;
        seen.current.add(id);
      }
      switch (event.type) {
        case "status":
          setPhase((p) => (p === "ended" ? p : event.status));
          if (event.status !== "queued") setQueue(null);
          break;
        case "queue":
          setQueue({ position: event.position, etaMs: event.etaMs });
          break;
        case "input":
          setWaitingForInput(event.waiting);
          break;
        case "stdout":
          setWaitingForInput(false);
          write(toTerminal(filters.current.stdout.push(event.data)));
          break;
        case "stderr":
          collected.current.stderr = keepTail(collected.current.stderr + event.data);
          write(`${RED}${toTerminal(filters.current.stderr.push(event.data))}${RESET}`);
          break;
        case "compile":
          collected.current.compile = keepTail(collected.current.compile + event.data);
          write(`${YELLOW}${toTerminal(filters.current.compile.push(event.data))}${RESET}`);
          break;
        case "end": {
          setWaitingForInput(false);
          setQueue(null);
          setOutput({ ...collected.current });
          const { label } = verdictStyle(event.result.verdict);
          note(`[${label}] ${event.result.message}`.trim());
          setResult(event.result);
          setPhase("ended");
          setReconnecting(false);
          refreshList();
          break;
        }
      }
    },
    [write, note, refreshList],
  );

  const following = runId !== null && phase !== "ended" && phase !== "idle";
  useSubscription(
    trpc.run.events.subscriptionOptions(runId ? { runId } : skipToken, {
      enabled: following,
      onData: (tracked) => onEvent(tracked.id, tracked.data),
      onConnectionStateChange: (state) => setReconnecting(state.state === "connecting" && state.error !== null),
      onError: (error) => {
        setPhase("idle");
        setReconnecting(false);
        note(`Lost this run's output: ${errorMessage(error)}. Its result will appear under Recent runs.`, RED);
        refreshList();
      },
    }),
  );

  /** Typed input: sent at once when the run has an id, else when `run.start` returns it. */
  const sendInput = useCallback(
    (data: string, eof: boolean) => {
      if (eof) setInputClosed(true);
      const id = runIdRef.current;
      if (id) sendNow(id, data, eof);
      else waitingInput.current.push({ data, eof });
    },
    [sendNow],
  );

  const stop = useCallback(() => {
    const id = runIdRef.current;
    if (!id) {
      // Not started yet: forget the request; the server's answer is ignored when it comes.
      if (phase === "starting") {
        generation.current++;
        setPhase("idle");
        note("Stopped before it started.");
      }
      return;
    }
    note("Stopping…");
    client.run.cancel.mutate({ runId: id }).catch((error: unknown) => {
      if (runIdRef.current !== id) return;
      if (errorCode(error) === "NOT_FOUND") {
        setPhase("idle");
        refreshList();
      } else {
        notifications.show({ color: "red", title: "Could not stop the run", message: errorMessage(error) });
      }
    });
  }, [client, note, phase, refreshList]);

  return {
    phase,
    runId,
    result,
    startError,
    clearStartError: () => setStartError(null),
    reconnecting,
    /** The program can take input: it is starting or going, and Ctrl-D has not closed stdin. */
    acceptingInput: activePhases.includes(phase) && !inputClosed,
    /** The program is blocked reading its input now. */
    waitingForInput: waitingForInput && activePhases.includes(phase) && !inputClosed,
    /** While queued: how many runs are ahead, and about when it starts. */
    queue: phase === "queued" ? queue : null,
    /** The finished run's compiler output and stderr (for its problems and hint). */
    output,
    run,
    attach,
    stop,
    sendInput,
  };
}

/** The last 64 KiB of a run's error output: enough for its problems, bounded for a noisy program. */
function keepTail(text: string): string {
  return text.length > 65_536 ? text.slice(-65_536) : text;
}
