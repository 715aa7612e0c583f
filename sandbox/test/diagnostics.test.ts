/**
 * The diagnostics parser and the verdict hints, on the real output of faulty programs run through
 * the sandbox (bubblewrap: the tools' output is the same on both drivers), and on fixed strings for
 * the cases a run here does not print (other paths, warnings, tsc's pretty format).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Diagnostic, parseDiagnostics, verdictHint } from "../src/diagnostics.ts";
import { type BoxProvider, type RunResult, type SourceFile, settle } from "../src/index.ts";
import { drivers, ready, runToEnd } from "./drivers.ts";

const bwrap = drivers.find(([name]) => name === "bwrap")!;

describe("diagnostics and hints from real runs", () => {
  let provider: BoxProvider;
  beforeAll(async () => {
    provider = await ready(bwrap[1]);
  });
  afterAll(async () => {
    if (!provider) return;
    await settle(provider);
    await provider.close();
  });

  const run = (language: string, files: SourceFile[]) => runToEnd(provider, { language, files });
  const parse = (language: string, r: RunResult, files?: SourceFile[]) =>
    parseDiagnostics(language, `${r.compileOutput}\n${r.stderr}`, files ? { files: files.map((f) => f.path) } : {});
  const hint = (language: string, r: RunResult, files: SourceFile[]) =>
    verdictHint({
      language,
      verdict: r.verdict,
      timeLimit: r.timeLimit,
      compileOutput: r.compileOutput,
      stderr: r.stderr,
      files,
      signal: r.signal,
    });

  test.each<[string, SourceFile[], string, Diagnostic[], RegExp | null]>([
    [
      "c",
      [{ path: "main.c", content: '#include <stdio.h>\nint main(void) {\n  int x = 1;\n  printf("%d\\n", y);\n  return 0;\n}\n' }],
      "COMPILE_ERROR",
      [
        { file: "main.c", line: 4, column: 18, severity: "error", message: "‘y’ undeclared (first use in this function)" },
        { file: "main.c", line: 3, column: 7, severity: "warning", message: "unused variable ‘x’ [-Wunused-variable]" },
      ],
      /never defined/,
    ],
    [
      "cpp",
      [{ path: "src/main.cpp", content: '#include <iostream>\nint main() {\n  std::cout << y << "\\n";\n}\n' }],
      "COMPILE_ERROR",
      [{ file: "src/main.cpp", line: 3, column: 16, severity: "error", message: "‘y’ was not declared in this scope" }],
      /never defined/,
    ],
    [
      "java",
      [
        {
          path: "Hello.java",
          content: 'public class Main {\n  public static void main(String[] a) {\n    System.out.println("x");\n  }\n}\n',
        },
      ],
      "COMPILE_ERROR",
      [{ file: "Hello.java", line: 1, severity: "error", message: "class Main is public, should be declared in a file named Main.java" }],
      /rename the file to Main\.java/,
    ],
    [
      "java",
      [
        {
          path: "Main.java",
          content: "public class Main {\n  public static void main(String[] a) {\n    System.out.println(Util.at(3));\n  }\n}\n",
        },
        { path: "lib/Util.java", content: "class Util {\n  static int at(int i) {\n    int[] x = new int[1];\n    return x[i];\n  }\n}\n" },
      ],
      "RUNTIME_ERROR",
      [
        {
          file: "lib/Util.java",
          line: 4,
          severity: "error",
          message: "java.lang.ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 1",
        },
      ],
      /index past the end/,
    ],
    [
      "go",
      [{ path: "main.go", content: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(y)\n}\n' }],
      "COMPILE_ERROR",
      [{ file: "main.go", line: 6, column: 14, severity: "error", message: "undefined: y" }],
      /never defined/,
    ],
    [
      "go",
      [{ path: "main.go", content: "package main\n\nfunc main() {\n\tvar a []int\n\t_ = a[5]\n}\n" }],
      "RUNTIME_ERROR",
      [{ file: "main.go", line: 5, severity: "error", message: "runtime error: index out of range [5] with length 0" }],
      /index past the end/,
    ],
    [
      "typescript",
      [{ path: "main.ts", content: 'const n: number = "text";\nconsole.log(n);\n' }],
      "COMPILE_ERROR",
      [{ file: "main.ts", line: 1, column: 7, severity: "error", message: "TS2322: Type 'string' is not assignable to type 'number'." }],
      null,
    ],
    [
      "typescript",
      [{ path: "main.ts", content: 'function f(): number {\n  throw new Error("boom");\n}\nf();\n' }],
      "RUNTIME_ERROR",
      [{ file: "main.ts", line: 2, column: 9, severity: "error", message: "Error: boom" }],
      null,
    ],
    [
      "python",
      [{ path: "main.py", content: "def f():\nreturn 1\n" }],
      "COMPILE_ERROR",
      [
        {
          file: "main.py",
          line: 2,
          severity: "error",
          message: "IndentationError: expected an indented block after function definition on line 1",
        },
      ],
      /indentation/,
    ],
    [
      "python",
      [
        { path: "main.py", content: "import util\nutil.g()\n" },
        { path: "util.py", content: "def g():\n    return h()\n" },
      ],
      "RUNTIME_ERROR",
      [{ file: "util.py", line: 2, severity: "error", message: "NameError: name 'h' is not defined" }],
      /never defined/,
    ],
    [
      "python",
      [{ path: "main.py", content: "import json\njson.loads('{')\n" }],
      "RUNTIME_ERROR",
      // The last frame in the user's files, not the library's.
      [
        {
          file: "main.py",
          line: 2,
          severity: "error",
          message: "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        },
      ],
      null,
    ],
    [
      "javascript",
      [{ path: "main.js", content: "function f() {\n  return g();\n}\nf();\n" }],
      "RUNTIME_ERROR",
      [{ file: "main.js", line: 2, column: 3, severity: "error", message: "ReferenceError: g is not defined" }],
      /never defined/,
    ],
    [
      "javascript",
      [{ path: "main.js", content: "let x = ;\n" }],
      "RUNTIME_ERROR",
      [{ file: "main.js", line: 1, severity: "error", message: "SyntaxError: Unexpected token ';'" }],
      null,
    ],
    ["c", [{ path: "main.c", content: "int f(void) { return 1; }\n" }], "COMPILE_ERROR", [], /starts at `int main\(\)`/],
    [
      "c",
      [{ path: "main.c", content: "#include <stdio.h>\nint main(void) {\n  int *p = 0;\n  return *p;\n}\n" }],
      "RUNTIME_ERROR",
      [],
      /Segmentation fault/,
    ],
  ])("%s, case %#: the faulty program's diagnostics and hint", async (language, files, verdict, diagnostics, hinted) => {
    const r = await run(language, files);
    expect(r.verdict).toBe(verdict);
    expect(parse(language, r, files)).toEqual(diagnostics);
    if (hinted) expect(hint(language, r, files)).toMatch(hinted);
    else expect(hint(language, r, files) ?? "").not.toMatch(/never defined|indentation|Segmentation/);
  });

  test("the limits' hints: an endless loop, or waiting for input", async () => {
    const r = await runToEnd(provider, {
      language: "python",
      files: [{ path: "main.py", content: "while True: pass\n" }],
      limits: { cpuMs: 1000 },
    });
    expect(r).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "cpu" });
    expect(verdictHint({ language: "python", verdict: r.verdict, timeLimit: r.timeLimit })).toMatch(/endless loop/);
    expect(verdictHint({ language: "python", verdict: "TIME_LIMIT", timeLimit: "wall" })).toBe(
      "An endless loop, or waiting for something that never comes (input, a sleep)?",
    );
    expect(verdictHint({ language: "python", verdict: "TIME_LIMIT", timeLimit: "idle" })).toMatch(/waited a long time for input/);
    expect(verdictHint({ language: "c", verdict: "MEMORY_LIMIT" })).toMatch(/too much memory/);
    expect(verdictHint({ language: "c", verdict: "OUTPUT_LIMIT" })).toMatch(/Too much output/);
    expect(verdictHint({ language: "c", verdict: "OK" })).toBeNull();
    expect(verdictHint({ language: "c", verdict: "RUNTIME_ERROR", stderr: "something unknown" })).toBeNull();
  });
});

describe("diagnostics from fixed strings", () => {
  test("paths: /box/, ./ and file:///box/ are stripped; frames of the runtime's own are left out", () => {
    expect(parseDiagnostics("go", "# command-line-arguments\n./pkg/util.go:3:5: x declared and not used\n")).toEqual([
      { file: "pkg/util.go", line: 3, column: 5, severity: "error", message: "x declared and not used" },
    ]);
    const node = [
      "node:internal/modules/cjs/loader:1\n",
      "/box/lib/a.js:7",
      "  throw new TypeError('bad');",
      "  ^",
      "",
      "TypeError: bad",
      "    at check (node:internal/validators:1:1)",
      "    at run (/box/lib/a.js:7:9)",
      "    at Object.<anonymous> (/box/main.js:2:1)",
    ].join("\n");
    expect(parseDiagnostics("javascript", node)).toEqual([
      { file: "lib/a.js", line: 7, column: 9, severity: "error", message: "TypeError: bad" },
    ]);
    const py = [
      "Traceback (most recent call last):",
      '  File "/box/main.py", line 3, in <module>',
      "    main()",
      '  File "/usr/lib/python3.11/random.py", line 9, in choice',
      "    raise IndexError('empty')",
      "IndexError: Cannot choose from an empty sequence",
    ].join("\n");
    expect(parseDiagnostics("python", py)).toEqual([
      { file: "main.py", line: 3, severity: "error", message: "IndexError: Cannot choose from an empty sequence" },
    ]);
    expect(parseDiagnostics("python", '  File "<frozen runpy>", line 88, in _run_code\nValueError: x\n')).toEqual([]);
  });

  test("tsc's pretty format (with colours), gcc's fatal errors, javac warnings; only the workspace's files when given", () => {
    const esc = String.fromCharCode(27);
    const pretty = `${esc}[96mmain.ts${esc}[0m:${esc}[93m3${esc}[0m:${esc}[93m5${esc}[0m - ${esc}[91merror${esc}[0m${esc}[90m TS2304: ${esc}[0mCannot find name 'x'.`;
    expect(parseDiagnostics("typescript", pretty)).toEqual([
      { file: "main.ts", line: 3, column: 5, severity: "error", message: "TS2304: Cannot find name 'x'." },
    ]);
    expect(parseDiagnostics("c", "main.c:1:10: fatal error: nope.h: No such file or directory\n")).toEqual([
      { file: "main.c", line: 1, column: 10, severity: "error", message: "nope.h: No such file or directory" },
    ]);
    expect(parseDiagnostics("java", "Main.java:5: warning: [removal] Integer(int) in Integer has been deprecated\n")).toEqual([
      { file: "Main.java", line: 5, severity: "warning", message: "[removal] Integer(int) in Integer has been deprecated" },
    ]);
    expect(parseDiagnostics("c", "main.c:2:1: error: x\nother.c:1:1: error: y\n", { files: ["main.c"] })).toEqual([
      { file: "main.c", line: 2, column: 1, severity: "error", message: "x" },
    ]);
    expect(parseDiagnostics("cobol", "main.cob:1:1: error: x")).toEqual([]);
    expect(parseDiagnostics("c", "")).toEqual([]);
  });
});
