import { describe, expect, test } from "vitest";
import { indentationFor } from "../src/components/run/editorOptions.ts";
import { queueLabel } from "../src/components/run/runFormat.ts";
import { terminalLocations } from "../src/components/run/terminalLinks.ts";

const files = new Set(["main.py", "main.c", "src/util.c", "Main.java"]);
const isFile = (p: string) => files.has(p);

describe("terminal links", () => {
  test("gcc's file:line:column, with the sandbox's /box/ prefix", () => {
    expect(terminalLocations("/box/main.c:3:15: error: expected ';' before 'return'", isFile)).toEqual([
      { start: 0, end: 16, file: "main.c", line: 3, column: 15 },
    ]);
    expect(terminalLocations("src/util.c:12: warning", isFile)[0]).toMatchObject({ file: "src/util.c", line: 12 });
  });
  test("Python's traceback lines", () => {
    const line = '  File "/box/main.py", line 2, in <module>';
    expect(terminalLocations(line, isFile)).toEqual([{ start: 2, end: 29, file: "main.py", line: 2 }]);
  });
  test("names that are not the workspace's files are not links", () => {
    expect(terminalLocations('  File "/usr/lib/python3.11/x.py", line 9', isFile)).toEqual([]);
    expect(terminalLocations("other.c:3: error", isFile)).toEqual([]);
    expect(terminalLocations("version 3.11: ok", isFile)).toEqual([]);
  });
});

describe("run formatting", () => {
  test("a queued run's place and estimate", () => {
    expect(queueLabel(0, 1_500)).toBe("Queued: next, starting in about 2 s");
    expect(queueLabel(18, 24_000)).toBe("Queued: 18 runs ahead, starting in about 24 s");
    expect(queueLabel(1, 90_000)).toBe("Queued: 1 run ahead, starting in about 1 min 30 s");
  });
  test("indentation per language", () => {
    expect(indentationFor("python")).toEqual({ tabSize: 4, insertSpaces: true });
    expect(indentationFor("go")).toEqual({ tabSize: 4, insertSpaces: false });
    expect(indentationFor("typescript")).toEqual({ tabSize: 2, insertSpaces: true });
  });
});
