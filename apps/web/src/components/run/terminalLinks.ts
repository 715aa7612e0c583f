/** Places in a file named in a terminal line ("main.c:4:5", `File "main.py", line 3`), for links. */
export interface TerminalLocation {
  /** 0-based start and end (exclusive) of the link in the line. */
  start: number;
  end: number;
  file: string;
  line: number;
  column?: number;
}

// `path:line[:column]` (gcc, javac, go, tsc's `file(line,col)` too) and Python's `File "path", line N`.
const colonForm = /((?:\/box\/|\.\/)?[A-Za-z0-9_][A-Za-z0-9_+\-./]*\.[A-Za-z0-9]+)(?::(\d+)(?::(\d+))?|\((\d+),(\d+)\))/g;
const pythonForm = /File "((?:\/box\/)?[^"]+)", line (\d+)/g;

/** The file places in one line of terminal text; `isFile` keeps those naming the workspace's files. */
export function terminalLocations(text: string, isFile: (path: string) => boolean): TerminalLocation[] {
  const out: TerminalLocation[] = [];
  const clean = (p: string) => p.replace(/^\/box\//, "").replace(/^\.\//, "");
  for (const m of text.matchAll(pythonForm)) {
    const file = clean(m[1]!);
    if (isFile(file)) out.push({ start: m.index, end: m.index + m[0].length, file, line: Number(m[2]) });
  }
  for (const m of text.matchAll(colonForm)) {
    const file = clean(m[1]!);
    const line = Number(m[2] ?? m[4]);
    const column = m[3] ?? m[5];
    if (!isFile(file) || !line || out.some((o) => m.index < o.end && o.start < m.index + m[0].length)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, file, line, ...(column ? { column: Number(column) } : {}) });
  }
  return out.sort((a, b) => a.start - b.start);
}
