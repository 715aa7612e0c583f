/**
 * Compiler and runtime errors as editor markers, and one beginner's hint per verdict
 * (`@codeclass/sandbox/diagnostics`). Browser-safe: no Node imports, no other module of the sandbox.
 *
 * Paths come out relative to the workspace: the sandbox runs programs in /box, so `/box/`,
 * `file:///box/` and `./` are stripped. Frames outside the user's files (the runtime's own:
 * `node:internal/...`, `/usr/lib/...`, `java.base/...`, `<frozen ...>`) are left out.
 */

export interface Diagnostic {
  /** Relative to the workspace, e.g. "main.py" or "pkg/util.c" (for a Java stack frame, the file name javac recorded). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, when the tool gives one. */
  column?: number;
  severity: "error" | "warning";
  message: string;
}

export interface ParseOptions {
  /**
   * The workspace's file paths: when given, only diagnostics on these files are kept, and a Java
   * stack frame's bare file name ("Util.java") is resolved to its path ("pkg/Util.java").
   */
  files?: readonly string[];
}

/** A path as a tool printed it -> relative to the workspace, or null when it is not the user's file. */
function userPath(raw: string): string | null {
  let p = raw.trim();
  if (p.startsWith("file://")) p = p.slice("file://".length);
  if (p.startsWith("/box/")) p = p.slice("/box/".length);
  else if (p.startsWith("/") || p.startsWith("<") || p.startsWith("node:") || p.includes("://")) return null;
  while (p.startsWith("./")) p = p.slice(2);
  return p.length > 0 && !p.startsWith("../") ? p : null;
}

const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));

function make(
  file: string | null,
  line: string | undefined,
  column: string | undefined,
  severity: string,
  message: string,
): Diagnostic | null {
  const l = num(line);
  if (!file || !l || l < 1) return null;
  const c = num(column);
  return {
    file,
    line: l,
    ...(c && c > 0 ? { column: c } : {}),
    severity: /warning/i.test(severity) ? "warning" : "error",
    message: message.trim(),
  };
}

/** gcc/g++: `main.c:3:5: error: ...` (also `fatal error`, `warning`; notes are left out). */
function gcc(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of output.matchAll(/^(.+?):(\d+):(?:(\d+):)? (fatal error|error|warning): (.*)$/gm)) {
    const d = make(userPath(m[1]!), m[2], m[3], m[4]!, m[5]!);
    if (d) out.push(d);
  }
  return out;
}

/** javac: `Main.java:3: error: ...`; the JVM: the exception line, then `at Main.main(Main.java:4)`. */
function java(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of output.matchAll(/^(.+?\.java):(\d+): (error|warning): (.*)$/gm)) {
    const d = make(userPath(m[1]!), m[2], undefined, m[3]!, m[4]!);
    if (d) out.push(d);
  }
  // Each exception (and each "Caused by:") is reported at its innermost frame in the user's code.
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i]!.match(/^(?:Exception in thread "[^"]*" |Caused by: )([\w.$]+(?:Exception|Error)\b.*)$/);
    if (!head) continue;
    for (let j = i + 1; j < lines.length && /^\s+(at |\.\.\.)/.test(lines[j]!); j++) {
      // `at java.base/java.util.ArrayList.get(ArrayList.java:427)`: a module prefix is the JDK's.
      const frame = lines[j]!.match(/^\s+at ([\w.$/<>]+)\(([\w$-]+\.java):(\d+)\)/);
      if (!frame || frame[1]!.includes("/")) continue;
      const d = make(frame[2]!, frame[3], undefined, "error", head[1]!);
      if (d) out.push(d);
      break;
    }
  }
  return out;
}

/** go build: `./main.go:3:5: ...`; a panic: the first frame in the user's files (`\t/box/main.go:5 +0x1a`). */
function go(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of output.matchAll(/^(\S+?\.go):(\d+):(?:(\d+):)? (.*)$/gm)) {
    const d = make(userPath(m[1]!), m[2], m[3], "error", m[4]!);
    if (d) out.push(d);
  }
  const panic = output.match(/^(panic: .*|fatal error: .*)$/m);
  if (panic) {
    for (const m of output.matchAll(/^\t(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/gm)) {
      const d = make(userPath(m[1]!), m[2], undefined, "error", panic[1]!.replace(/^panic: /, ""));
      if (d) {
        out.push(d);
        break;
      }
    }
  }
  return out;
}

/** A terminal colour sequence (ESC [ ... m). */
const colourEscape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** tsc: `main.ts(3,5): error TS2322: ...` (--pretty false) and `main.ts:3:5 - error TS2322: ...` (pretty). */
function tsc(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const plain = /^(.+?\.[cm]?tsx?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/gm;
  // The pretty format colours its parts; the escapes go first.
  const pretty = /^(.+?\.[cm]?tsx?):(\d+):(\d+) - (error|warning) (TS\d+: .*)$/gm;
  const text = output.replace(colourEscape, "");
  for (const re of [plain, pretty])
    for (const m of text.matchAll(re)) {
      const d = make(userPath(m[1]!), m[2], m[3], m[4]!, m[5]!);
      if (d) out.push(d);
    }
  return out;
}

/**
 * Python: a traceback is reported at its last frame in the user's files, with the exception line;
 * a SyntaxError (the compile check's output, or the interpreter's) at its `File "...", line N`.
 */
function python(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = output.split("\n");
  let frame: { file: string; line: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = line.match(/^\s*File "([^"]+)", line (\d+)/);
    if (f) {
      const file = userPath(f[1]!);
      // A frame of the runtime's own keeps the last user frame before it.
      if (file) frame = { file, line: f[2]! };
      continue;
    }
    // The exception line ends a traceback (or a syntax error's report): `NameError: ...`.
    const exc = line.match(/^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)|[A-Z]\w*)(?:: (.*))?$/);
    if (exc && frame && !line.startsWith(" ")) {
      const d = make(frame.file, frame.line, undefined, "error", exc[2] ? `${exc[1]}: ${exc[2]}` : exc[1]!);
      if (d) out.push(d);
      frame = null;
    }
    if (line.startsWith("Traceback (most recent call last):")) frame = null;
  }
  return out;
}

/**
 * Node: the first line of an uncaught error names where it was thrown (`/box/main.js:2`); the stack
 * then gives the innermost frame in the user's files with its column (`at f (/box/main.js:2:3)`).
 */
function node(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i]!.match(/^(\S+?\.[cm]?[jt]s):(\d+)$/);
    if (!head) continue;
    const where = userPath(head[1]!);
    if (!where) continue;
    // The error's own line (`ReferenceError: g is not defined`) is the first after the source and caret lines.
    let j = i + 1;
    const caret = lines.slice(i + 1, i + 4).findIndex((l) => /^\s*\^+\s*$/.test(l));
    if (caret >= 0) j = i + 2 + caret;
    while (j < lines.length && lines[j]!.trim() === "") j++;
    const message = lines[j]?.trim() || "Uncaught error";
    let diagnostic = make(where, head[2], undefined, "error", message);
    for (let k = j + 1; k < lines.length && /^\s+at /.test(lines[k]!); k++) {
      const frame = lines[k]!.match(/^\s+at (?:.*\()?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/);
      const file = frame ? userPath(frame[1]!) : null;
      if (!frame || !file) continue;
      diagnostic = make(file, frame[2], frame[3], "error", message) ?? diagnostic;
      break;
    }
    if (diagnostic) out.push(diagnostic);
    i = j;
  }
  return out;
}

const parsers: Record<string, ((output: string) => Diagnostic[])[]> = {
  c: [gcc],
  cpp: [gcc],
  java: [java],
  go: [go],
  python: [python],
  javascript: [node],
  typescript: [tsc, node],
};

/**
 * Diagnostics in a run's compiler output or stderr (pass either, or both joined), for `language`
 * (a sandbox language id; an unknown one yields none). Each error once, in the order printed.
 */
export function parseDiagnostics(language: string, output: string, options: ParseOptions = {}): Diagnostic[] {
  const found = (parsers[language] ?? []).flatMap((parse) => parse(output ?? ""));
  const files = options.files;
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of found) {
    let file: string | undefined = d.file;
    if (files) {
      // A bare file name (Java frames) names the workspace's only file of that name.
      file = files.includes(d.file)
        ? d.file
        : files.filter((f) => f.endsWith(`/${d.file}`)).length === 1
          ? files.find((f) => f.endsWith(`/${d.file}`))
          : undefined;
      if (!file) continue;
    }
    const key = `${file}:${d.line}:${d.column ?? ""}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...d, file });
  }
  return out;
}

export interface HintInput {
  language: string;
  verdict: string;
  timeLimit?: string | null;
  compileOutput?: string;
  stderr?: string;
  files?: readonly { path: string }[];
  /** The run's signal, when known ("SIGSEGV"); otherwise it is looked for in the output. */
  signal?: string | null;
}

/** What a run's output says, tested in order: the first match gives the hint. */
const outputHints: { when: (text: string, input: HintInput) => boolean; hint: (text: string, input: HintInput) => string }[] = [
  {
    when: (t) => /class (\w+) is public, should be declared in a file named \1\.java/.test(t),
    hint: (t) => {
      const name = t.match(/class (\w+) is public, should be declared in a file named/)![1]!;
      return `A public class must be in a file of the same name: rename the file to ${name}.java, or the class to match its file.`;
    },
  },
  {
    when: (t) => /\b(IndentationError|TabError)\b/.test(t),
    hint: () => "Python uses indentation for blocks: indent the lines inside each def, if, for or while by the same number of spaces.",
  },
  {
    when: (t, i) => i.language === "python" && /\bSyntaxError\b/.test(t),
    hint: () => "Python could not read this line: look for a missing bracket, quote or colon there or on the line before.",
  },
  {
    when: (t) =>
      /\bNameError: name '\w+' is not defined|ReferenceError: \S+ is not defined|cannot find symbol|undeclared|was not declared in this scope|undefined: \w+|Cannot find name '/.test(
        t,
      ),
    hint: () =>
      "A name is used that was never defined: check its spelling (upper and lower case count) and that it is defined before it is used.",
  },
  {
    when: (t) =>
      /undefined reference to `main'|function main is undeclared in the main package|Could not find or load main class|Main method not found/.test(
        t,
      ),
    hint: (_t, i) =>
      i.language === "java"
        ? "Java starts at `public static void main(String[] args)` inside a class: add it."
        : i.language === "go"
          ? "A Go program starts at `func main()` in `package main`: add it."
          : "A C or C++ program starts at `int main()`: add it.",
  },
  {
    when: (t) => /declared and not used|imported and not used/.test(t),
    hint: () => "Go refuses unused variables and imports: use them, or remove them.",
  },
  {
    when: (t) => /\bEOFError\b|NoSuchElementException/.test(t),
    hint: () => "The program asked for more input than it was given: type another line, or check how many times it reads.",
  },
  {
    when: (t) => /\bRecursionError\b|StackOverflowError|Maximum call stack size exceeded|goroutine stack exceeds/.test(t),
    hint: () => "A function keeps calling itself: check that the recursion reaches a case that stops it.",
  },
  {
    when: (t) => /\bIndexError\b|IndexOutOfBoundsException|index out of range|RangeError: Invalid array length/.test(t),
    hint: () => "An index past the end of a list or array: indexes run from 0 to the length minus one.",
  },
  {
    when: (t) => /\bZeroDivisionError\b|ArithmeticException: \/ by zero|integer divide by zero/.test(t),
    hint: () => "A division by zero: check the divisor before dividing.",
  },
  {
    when: (t) => /invalid literal for int\(\)|could not convert string to float|InputMismatchException|NumberFormatException/.test(t),
    hint: () => "The input was not a number where the program expected one: check what was typed, and spaces or extra lines.",
  },
  {
    when: (t, i) => (i.signal ?? "") === "SIGSEGV" || /Segmentation fault|SIGSEGV/.test(t),
    hint: () => "Segmentation fault: the program used memory it does not own (an index out of range, or a null or uninitialised pointer).",
  },
  {
    when: (t, i) => (i.signal ?? "") === "SIGFPE" || /Floating point exception|SIGFPE/.test(t),
    hint: () => "An arithmetic error (SIGFPE): most often an integer division by zero.",
  },
];

/**
 * One short sentence for a beginner about how a run ended, or null when there is nothing useful
 * to add (OK, stopped, internal errors, an error the hints do not know).
 */
export function verdictHint(input: HintInput): string | null {
  const { verdict } = input;
  if (verdict === "TIME_LIMIT") {
    if (input.timeLimit === "idle") return "The program waited a long time for input: type an answer in the terminal when it asks.";
    if (input.timeLimit === "cpu") return "The program kept computing past its time: an endless loop, or a much slower method than needed?";
    return "An endless loop, or waiting for something that never comes (input, a sleep)?";
  }
  if (verdict === "MEMORY_LIMIT") return "The program used too much memory: a list that grows without end, or very deep recursion?";
  if (verdict === "OUTPUT_LIMIT") return "Too much output: a print inside an endless loop?";
  if (verdict !== "COMPILE_ERROR" && verdict !== "RUNTIME_ERROR") return null;
  const text = `${input.compileOutput ?? ""}\n${input.stderr ?? ""}`;
  for (const h of outputHints) if (h.when(text, input)) return h.hint(text, input);
  return null;
}
