import "@xterm/xterm/css/xterm.css";
import { Box } from "@mantine/core";
import type { Terminal } from "@xterm/xterm";
import { type Ref, useEffect, useImperativeHandle, useRef } from "react";
import { useAppearance, xtermTheme } from "../../lib/appearance.ts";
import { endsAtLineStart, feedLine } from "./lineInput.ts";
import { terminalLocations } from "./terminalLinks.ts";

export interface RunTerminalHandle {
  /** Writes terminal text as it is (the caller converts "\n" to "\r\n" and adds colours). */
  write(text: string): void;
  /** Starts a new line unless the cursor is already at the start of one. */
  newLine(): void;
  /** Empties the screen and the scrollback, and forgets any half-typed input. */
  clear(): void;
  focus(): void;
  /** Ends the program's input with what was typed so far, as Ctrl+D does. */
  endInput(): void;
  /** Scrolls the page so the terminal is in view (output is drawn only while it is visible). */
  reveal(): void;
}

export interface RunTerminalProps {
  ref?: Ref<RunTerminalHandle>;
  /** Whether typing goes to a program; when false, keystrokes are ignored. */
  acceptingInput: boolean;
  /** Input ready for the program's stdin (whole lines, or the rest before end-of-file). */
  onInput: (data: string, eof: boolean) => void;
  /** Ctrl-C was typed. */
  onInterrupt: () => void;
  /** Use xterm's screen-reader mode (output is mirrored into an accessible live region). */
  screenReaderMode: boolean;
  /** Id of the text that explains how to use the terminal. */
  describedBy?: string;
  /** Whether a path is one of the workspace's files: "main.c:4" and `File "main.py", line 3` become links to them. */
  isFile?: (path: string) => boolean;
  /** A file link was clicked (or Enter pressed on it). */
  onOpenLocation?: (file: string, line: number, column?: number) => void;
}

/** The xterm.js terminal where a run's output appears and where the reader types its input. */
export function RunTerminal({
  ref,
  acceptingInput,
  onInput,
  onInterrupt,
  screenReaderMode,
  describedBy,
  isFile,
  onOpenLocation,
}: RunTerminalProps) {
  const { colorScheme, terminalFontSize } = useAppearance();
  const theme = xtermTheme(colorScheme);
  const linksRef = useRef({ isFile, onOpenLocation });
  linksRef.current = { isFile, onOpenLocation };
  const hostRef = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const pendingRef = useRef("");
  const atLineStartRef = useRef(true);
  const acceptingRef = useRef(acceptingInput);
  const screenReaderRef = useRef(screenReaderMode);
  const callbacksRef = useRef({ onInput, onInterrupt });
  callbacksRef.current = { onInput, onInterrupt };

  // A finished run takes no more input: forget what was half typed.
  useEffect(() => {
    acceptingRef.current = acceptingInput;
    if (!acceptingInput) pendingRef.current = "";
  }, [acceptingInput]);

  // xterm is loaded and the terminal built once the page is idle (the editor comes first), or at
  // once when something needs it: output to write, focus. Until then, output waits here.
  const bufferRef = useRef("");
  const focusWantedRef = useRef(false);
  const describedByRef = useRef(describedBy);
  describedByRef.current = describedBy;
  const settingsRef = useRef({ theme, terminalFontSize });
  settingsRef.current = { theme, terminalFontSize };
  const startRef = useRef<() => void>(() => {});

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let started = false;
    let cleanup = () => {};
    const build = ({ Terminal }: typeof import("@xterm/xterm"), { FitAddon }: typeof import("@xterm/addon-fit")) => {
      if (disposed) return;
      const term = new Terminal({
        convertEol: false,
        cursorBlink: true,
        fontSize: settingsRef.current.terminalFontSize,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
        scrollback: 5000,
        theme: settingsRef.current.theme,
        // Created once; later changes are applied to the live instance below.
        screenReaderMode: screenReaderRef.current,
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host);
      labelTextarea(term, describedByRef.current);
      // Tab moves the focus on (the terminal must not trap it); Ctrl/Cmd+Enter runs the program.
      term.attachCustomKeyEventHandler((event) => {
        if (event.key === "Tab") return false;
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) return false;
        return true;
      });
      term.onData((chunk) => {
        if (!acceptingRef.current) return;
        const result = feedLine(pendingRef.current, chunk);
        pendingRef.current = result.pending;
        if (result.echo) {
          term.write(result.echo);
          atLineStartRef.current = result.echo.endsWith("\n") || (atLineStartRef.current && result.pending === "");
        }
        if (result.send || result.eof) callbacksRef.current.onInput(result.send, result.eof);
        if (result.interrupt) callbacksRef.current.onInterrupt();
      });
      termRef.current = term;
      if (bufferRef.current) term.write(bufferRef.current);
      bufferRef.current = "";
      if (focusWantedRef.current) term.focus();
      focusWantedRef.current = false;
      const links = term.registerLinkProvider({
        provideLinks(y, callback) {
          const known = linksRef.current.isFile;
          const line = term.buffer.active.getLine(y - 1)?.translateToString(true);
          if (!known || !line) return callback(undefined);
          const found = terminalLocations(line, known);
          callback(
            found.map((at) => ({
              range: { start: { x: at.start + 1, y }, end: { x: at.end, y } },
              text: line.slice(at.start, at.end),
              decorations: { underline: true, pointerCursor: true },
              activate: () => linksRef.current.onOpenLocation?.(at.file, at.line, at.column),
            })),
          );
        },
      });

      let frame = 0;
      const refit = () => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => {
          if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
        });
      };
      refit();
      const observer = new ResizeObserver(refit);
      observer.observe(host);
      host.addEventListener("codeclass-refit", refit);
      cleanup = () => {
        cancelAnimationFrame(frame);
        observer.disconnect();
        host.removeEventListener("codeclass-refit", refit);
        links.dispose();
        term.dispose();
        termRef.current = null;
      };
    };
    const start = () => {
      if (started) return;
      started = true;
      void Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]).then(([xterm, fit]) => build(xterm, fit));
    };
    startRef.current = start;
    const idle = whenIdle(start);
    return () => {
      disposed = true;
      idle();
      cleanup();
    };
  }, []);

  useEffect(() => {
    if (termRef.current) termRef.current.options.screenReaderMode = screenReaderMode;
  }, [screenReaderMode]);

  // The appearance settings, applied to the live terminal (the fit addon re-measures on resize).
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.theme = theme;
    term.options.fontSize = terminalFontSize;
    hostRef.current?.dispatchEvent(new Event("codeclass-refit"));
  }, [theme, terminalFontSize]);

  useEffect(() => {
    if (termRef.current) labelTextarea(termRef.current, describedBy);
  }, [describedBy]);

  /** Writes to the terminal, or keeps the text for it while it is being built. */
  const write = (text: string) => {
    if (termRef.current) termRef.current.write(text);
    else {
      bufferRef.current += text;
      startRef.current();
    }
  };

  /** Focuses the terminal, or does so as soon as it is built. */
  const focus = () => {
    if (termRef.current) termRef.current.focus();
    else {
      focusWantedRef.current = true;
      startRef.current();
    }
  };

  useImperativeHandle(
    ref,
    () => ({
      write(text: string) {
        if (!text) return;
        write(text);
        atLineStartRef.current = endsAtLineStart(text) ?? atLineStartRef.current;
      },
      newLine() {
        if (!atLineStartRef.current) {
          write("\r\n");
          atLineStartRef.current = true;
        }
      },
      clear() {
        termRef.current?.reset();
        bufferRef.current = "";
        pendingRef.current = "";
        atLineStartRef.current = true;
      },
      focus,
      endInput() {
        if (!acceptingRef.current) return;
        const rest = pendingRef.current;
        pendingRef.current = "";
        if (rest) {
          write("\r\n");
          atLineStartRef.current = true;
        }
        callbacksRef.current.onInput(rest, true);
      },
      reveal() {
        const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        boxRef.current?.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" });
      },
    }),
    [],
  );

  return (
    <Box
      ref={boxRef}
      h="100%"
      mih={60}
      p={6}
      bg={theme.background}
      style={{ borderRadius: "var(--mantine-radius-md)", overflow: "hidden" }}
      onClick={focus}
    >
      <Box ref={hostRef} h="100%" />
    </Box>
  );
}

/** The terminal's input box, named for screen readers and pointed at the help text. */
function labelTextarea(term: Terminal, describedBy: string | undefined) {
  const textarea = term.textarea;
  if (!textarea) return;
  textarea.setAttribute("aria-label", "Program terminal: type input for the running program");
  if (describedBy) textarea.setAttribute("aria-describedby", describedBy);
  else textarea.removeAttribute("aria-describedby");
}

/** Calls `run` when the browser is next idle (at the latest after 2 s); returns a cancel. */
function whenIdle(run: () => void): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const id = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = setTimeout(run, 200);
  return () => clearTimeout(id);
}
