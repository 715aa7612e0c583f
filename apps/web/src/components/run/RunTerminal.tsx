import "@xterm/xterm/css/xterm.css";
import { Box } from "@mantine/core";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
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

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontSize: terminalFontSize,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
      scrollback: 5000,
      theme,
      // Created once; later changes are applied to the live instance below.
      screenReaderMode: screenReaderRef.current,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
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
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      links.dispose();
      term.dispose();
      termRef.current = null;
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
    const textarea = termRef.current?.textarea;
    if (!textarea) return;
    textarea.setAttribute("aria-label", "Program terminal: type input for the running program");
    if (describedBy) textarea.setAttribute("aria-describedby", describedBy);
    else textarea.removeAttribute("aria-describedby");
  }, [describedBy]);

  useImperativeHandle(
    ref,
    () => ({
      write(text: string) {
        if (!text) return;
        termRef.current?.write(text);
        atLineStartRef.current = endsAtLineStart(text) ?? atLineStartRef.current;
      },
      newLine() {
        if (!atLineStartRef.current) {
          termRef.current?.write("\r\n");
          atLineStartRef.current = true;
        }
      },
      clear() {
        termRef.current?.reset();
        pendingRef.current = "";
        atLineStartRef.current = true;
      },
      focus() {
        termRef.current?.focus();
      },
      endInput() {
        if (!acceptingRef.current) return;
        const rest = pendingRef.current;
        pendingRef.current = "";
        if (rest) {
          termRef.current?.write("\r\n");
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
      onClick={() => termRef.current?.focus()}
    >
      <Box ref={hostRef} h="100%" />
    </Box>
  );
}
