import { describe, expect, test } from "vitest";
import {
  defaultLimits,
  fileNameProblem,
  javaMainClass,
  maxLimits,
  OutputCapture,
  resolveLimits,
  SandboxInputError,
  validateRun,
} from "../src/index.ts";

describe("file names from users", () => {
  test.each(["main.py", "src/util.py", "a-b_c.d.java", "x+y.cpp"])("%s is accepted", (p) => expect(fileNameProblem(p)).toBeNull());
  test.each([
    ["/etc/passwd", "relative"],
    ["../x.py", '".."'],
    ["a/../../x.py", '".."'],
    ["a//b.py", "empty"],
    ["./a.py", '"."'],
    [".hidden", "letters"],
    ["a b.py", "letters"],
    ["a\\b.py", "letters"],
    ["x\0.py", "letters"],
    ["main", "reserved"],
    ["a/b/c/d/e/f/g/h/i.py", "deep"],
    ["", "empty"],
  ])("%j is refused (%s)", (p, word) => expect(fileNameProblem(p)).toContain(word));
});

describe("validating a run", () => {
  const files = [{ path: "main.py", content: "print(1)" }];
  test("unknown language names the supported ones", () => {
    expect(() => validateRun("cobol", files, defaultLimits)).toThrow(/not supported; use one of c, cpp, python/);
  });
  test("empty, too many, too large, duplicate", () => {
    expect(() => validateRun("python", [], defaultLimits)).toThrow(SandboxInputError);
    expect(() => validateRun("python", [{ path: "main.py", content: "  \n" }], defaultLimits)).toThrow(/empty/);
    const many = Array.from({ length: defaultLimits.files + 1 }, (_, i) => ({ path: `f${i}.py`, content: "x=1" }));
    expect(() => validateRun("python", many, defaultLimits)).toThrow(
      `${defaultLimits.files + 1} files; the limit is ${defaultLimits.files}`,
    );
    expect(() => validateRun("python", [{ path: "main.py", content: "#".repeat(defaultLimits.sourceBytes + 1) }], defaultLimits)).toThrow(
      /the limit is/,
    );
    expect(() => validateRun("python", [files[0]!, files[0]!], defaultLimits)).toThrow(/twice/);
  });
  test("the entry is main.<ext>, else the first source file; a missing requested entry is named", () => {
    expect(
      validateRun(
        "python",
        [
          { path: "b.py", content: "1" },
          { path: "a.py", content: "1" },
        ],
        defaultLimits,
      ).entry,
    ).toBe("a.py");
    expect(
      validateRun(
        "python",
        [
          { path: "b.py", content: "1" },
          { path: "main.py", content: "1" },
        ],
        defaultLimits,
      ).entry,
    ).toBe("main.py");
    expect(() => validateRun("python", files, defaultLimits, "other.py")).toThrow(/entry "other.py" not found/);
    expect(() => validateRun("c", [{ path: "x.py", content: "1" }], defaultLimits)).toThrow(/no \.c file/);
  });
});

describe("Java's main class", () => {
  test("found in any file, public class not named Main, with its package", () => {
    const helper = { path: "Helper.java", content: "public class Helper { static int two() { return 2; } }" };
    const app = {
      path: "Greeter.java",
      content: "package edu.demo;\n/* class Fake */\npublic class Greeter {\n  public static void main(String[] a) {}\n}",
    };
    expect(javaMainClass([helper, app])).toBe("edu.demo.Greeter");
    expect(javaMainClass([helper])).toBeNull();
    const nested = { path: "A.java", content: "class Util {}\nfinal class App { static public void main(String... args) { } }" };
    expect(javaMainClass([nested])).toBe("App");
  });
});

describe("limits", () => {
  test("defaults, language adjustments, then the request, each capped by the maximum", () => {
    expect(resolveLimits(undefined)).toEqual(defaultLimits);
    expect(resolveLimits({ cpuMs: 1000 }, { processes: 128 })).toMatchObject({ cpuMs: 1000, processes: 128 });
    expect(() => resolveLimits({ cpuMs: maxLimits.cpuMs + 1 })).toThrow(`limits.cpuMs is over the maximum of ${maxLimits.cpuMs}`);
    expect(() => resolveLimits({ memoryKb: -1 })).toThrow(/positive/);
    expect(() => resolveLimits({ bogus: 1 } as never)).toThrow();
  });
});

describe("output capture", () => {
  test("keeps whole UTF-8 characters across chunks and cuts at the limit with a marker", () => {
    const seen: string[] = [];
    let limited = 0;
    const cap = new OutputCapture(
      10,
      (_s, d) => seen.push(d),
      () => limited++,
    );
    const snow = Buffer.from("☃"); // 3 bytes, split across chunks
    cap.push("stdout", snow.subarray(0, 1));
    cap.push("stdout", snow.subarray(1));
    cap.push("stderr", Buffer.from([0xff])); // invalid byte
    cap.push("stdout", Buffer.from("abcdefghij"));
    cap.push("stdout", Buffer.from("more"));
    cap.end();
    expect(cap.text.stdout.startsWith("☃abcdef")).toBe(true);
    expect(cap.text.stdout).toContain("[output cut: the limit is 10 bytes");
    expect(cap.text.stderr).toBe("\uFFFD");
    expect(cap.exceeded).toBe(true);
    expect(limited).toBe(1);
    // Streamed in order, nothing emitted for the half character, nothing after the cut.
    expect(seen).toEqual(["☃", "\uFFFD", "abcdef\n[output cut: the limit is 10 bytes of stdout and stderr together]\n"]);
  });
});
