import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BoxProvider, languageIds, settle, startRun } from "../src/index.ts";
import { drivers, ready, runToEnd } from "./drivers.ts";
import { greet, interactive } from "./programs.ts";

describe.each(drivers)("every language on %s", (_name, make) => {
  let provider: BoxProvider;
  beforeAll(async () => {
    provider = await ready(make);
  });
  afterAll(async () => {
    if (!provider) return;
    await settle(provider); // boxes of finished runs are removed in the background
    await provider.close();
  });

  test.each(languageIds)("%s: multi-file, stdin, arguments, stderr, exit code, unicode", async (language) => {
    const r = await runToEnd(provider, { language, files: greet[language], stdin: "Ada\n", args: ["x", "y"] });
    expect(r.compileOutput).not.toMatch(/error/i);
    expect(r).toMatchObject({ verdict: "RUNTIME_ERROR", exitCode: 3, signal: null });
    expect(r.stdout).toBe("hello Ada ☃ x y\n");
    expect(r.stderr).toBe("warn\n");
    expect(r.message).toBe("Runtime error: exit code 3");
    expect(r.wallMs).toBeGreaterThan(0);
    // Output is streamed as it comes, after a "running" phase event.
    const phases = r.events.filter((e) => e.type === "phase").map((e) => (e as { phase: string }).phase);
    expect(phases.at(-1)).toBe("running");
    expect(
      r.events
        .filter((e) => e.type === "stdout")
        .map((e) => (e as { data: string }).data)
        .join(""),
    ).toBe(r.stdout);
  });

  test("Python runs as a script would (one interpreter checks then runs it): its globals, argv, path and tracebacks", async () => {
    const program = [
      "import sys, helper",
      "x: int = 1",
      "print(__name__, __file__, sys.argv, sys.path[0], __loader__.name, __spec__)",
      "print(sorted(k for k in globals() if not k.startswith('__') or k in ('__annotations__', '__cached__')))",
      "def depth(n): return n if n == 0 else depth(n - 1)",
      "print(depth(sys.getrecursionlimit() - 10))",
      "helper.fail()",
    ].join("\n");
    const r = await runToEnd(provider, {
      language: "python",
      files: [
        { path: "main.py", content: program },
        { path: "helper.py", content: "def fail():\n    raise ValueError('no')\n" },
      ],
      args: ["a"],
    });
    expect(r.stdout).toBe(
      "__main__ /box/main.py ['main.py', 'a'] /box __main__ None\n['__annotations__', '__cached__', 'helper', 'sys', 'x']\n0\n",
    );
    // The traceback is the program's alone: nothing of the check that ran it in the same interpreter.
    expect(r.stderr).toBe(
      [
        "Traceback (most recent call last):",
        '  File "/box/main.py", line 7, in <module>',
        "    helper.fail()",
        '  File "/box/helper.py", line 2, in fail',
        "    raise ValueError('no')",
        "ValueError: no",
        "",
      ].join("\n"),
    );
    expect(r).toMatchObject({ verdict: "RUNTIME_ERROR", exitCode: 1 });
  });

  test.each(languageIds)("%s: interactive prompt, answer typed after it appears", async (language) => {
    let out = "";
    let answered = false;
    const handle = await startRun(provider, { language, files: interactive[language], interactive: true }, (e) => {
      if (e.type !== "stdout") return;
      out += e.data;
      if (!answered && out.includes("name? ")) {
        answered = true;
        handle.write("Grace\n");
        handle.closeStdin();
      }
    });
    const r = await handle.done;
    expect(r.verdict).toBe("OK");
    expect(r.stdout).toBe("name? hi Grace\n");
    expect(answered).toBe(true);
  });
});
