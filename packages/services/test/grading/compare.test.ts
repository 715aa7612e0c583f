import { describe, expect, test } from "vitest";
import { compareModeSchema, compareOutput, compareWith, judge0Normalize, maxRegexLength } from "../../src/grading/compare.ts";

describe("exact", () => {
  test("equal text is accepted; any difference, even a trailing newline, is refused with its line", () => {
    expect(compareOutput("exact", "a\nb\n", "a\nb\n")).toEqual({ accepted: true });
    expect(compareOutput("exact", "a\nb\n", "a\nb")).toEqual({
      accepted: false,
      message: 'line 3: expected "", got the end of the output',
    });
    expect(compareOutput("exact", "a\nb", "a\nc")).toEqual({ accepted: false, message: 'line 2: expected "b", got "c"' });
    expect(compareOutput("exact", "a\n", "a\r\n").accepted).toBe(false);
  });
});

describe("judge0 (isolate_job.rb: lines right-stripped, then the whole text right-stripped)", () => {
  test("trailing spaces per line and trailing newlines are ignored", () => {
    expect(judge0Normalize("a  \nb\t\n\n\n")).toBe("a\nb");
    expect(compareOutput("judge0", "hello, world\n", "hello, world")).toEqual({ accepted: true });
    expect(compareOutput("judge0", "1 2\n3", "1 2   \n3 \n\n")).toEqual({ accepted: true });
    expect(compareOutput("judge0", "a\r\nb\r\n", "a\nb").accepted).toBe(true); // \r is whitespace to rstrip
  });

  test("leading spaces, inner spaces and blank lines in the middle count", () => {
    expect(compareOutput("judge0", "a", " a")).toEqual({ accepted: false, message: 'line 1: expected "a", got " a"' });
    expect(compareOutput("judge0", "a b", "a  b").accepted).toBe(false);
    expect(compareOutput("judge0", "a\nb", "a\n\nb")).toEqual({ accepted: false, message: 'line 2: expected "b", got ""' });
    expect(compareOutput("judge0", "a\nb", "a")).toEqual({ accepted: false, message: 'line 2: expected "b", got the end of the output' });
  });
});

describe("tokens", () => {
  test("any whitespace between tokens is accepted; a different token is named by its position", () => {
    expect(compareOutput("tokens", "1 2 3\n", "1\n2\t\t3")).toEqual({ accepted: true });
    expect(compareOutput("tokens", "1 2 3", "1 2 4")).toEqual({ accepted: false, message: 'token 3: expected "3", got "4"' });
    expect(compareOutput("tokens", "1 2", "1 2 3")).toEqual({
      accepted: false,
      message: 'token 3: expected the end of the output, got "3"',
    });
    expect(compareOutput("tokens", "", "  \n")).toEqual({ accepted: true });
  });
});

describe("floats", () => {
  test("numbers within the absolute or the relative tolerance are accepted", () => {
    expect(compareOutput("floats", "3.14159 2", "3.1415901 2.0")).toEqual({ accepted: true });
    expect(compareOutput("floats", "1000000", "1000000.5", { absTolerance: 0, relTolerance: 1e-6 }).accepted).toBe(true);
    expect(compareOutput("floats", "1e-3", "0.00100", { absTolerance: 0, relTolerance: 0 }).accepted).toBe(true);
    expect(compareOutput("floats", "0.1", "0.2", { absTolerance: 0.1000001 }).accepted).toBe(true);
  });

  test("numbers outside both tolerances are refused with the difference; words compare exactly", () => {
    const result = compareOutput("floats", "x = 1.5", "x = 1.6", { absTolerance: 0.01, relTolerance: 0.01 });
    expect(result.accepted).toBe(false);
    expect(result.message).toMatch(/^token 3: expected 1\.5, got 1\.6 \(differs by 0\.1/);
    expect(compareOutput("floats", "x = 1.5", "X = 1.5")).toEqual({ accepted: false, message: 'token 1: expected "x", got "X"' });
    expect(compareOutput("floats", "1.5", "abc")).toEqual({ accepted: false, message: 'token 1: expected the number 1.5, got "abc"' });
    expect(compareOutput("floats", "nan", "nan").accepted).toBe(true);
  });
});

describe("unorderedLines", () => {
  test("the same lines in another order are accepted, as a multiset", () => {
    expect(compareOutput("unorderedLines", "b\na\nc\n", "a\nb  \nc")).toEqual({ accepted: true });
    expect(compareOutput("unorderedLines", "a\na\nb", "a\nb\nb")).toEqual({
      accepted: false,
      message: 'expected a line "a" that the output lacks',
    });
    expect(compareOutput("unorderedLines", "a", "a\nz")).toEqual({ accepted: false, message: 'unexpected line "z"' });
  });
});

describe("regex", () => {
  test("the pattern must match the whole output, trailing newlines aside", () => {
    expect(compareOutput("regex", String.raw`Result: \d+`, "Result: 42\n")).toEqual({ accepted: true });
    expect(compareOutput("regex", String.raw`\d+`, "Result: 42").accepted).toBe(false);
    expect(compareOutput("regex", "a.b", "a\nb").accepted).toBe(false);
    expect(compareOutput("regex", "a.b", "a\nb", { dotAll: true }).accepted).toBe(true);
    expect(compareOutput("regex", "hello", "HELLO", { ignoreCase: true }).accepted).toBe(true);
    expect(compareOutput("regex", "a|b", "ab").accepted).toBe(false); // the alternation is anchored as a whole
  });

  test("an invalid or over-long pattern is refused with the reason", () => {
    expect(compareOutput("regex", "(", "x").message).toMatch(/^the expected pattern is not a valid regular expression/);
    expect(compareOutput("regex", "a".repeat(maxRegexLength + 1), "a").message).toBe(
      `the expected pattern is ${maxRegexLength + 1} characters; the limit is ${maxRegexLength}`,
    );
  });

  test("a catastrophic pattern is stopped by the time budget, and the next comparison still works", () => {
    const started = performance.now();
    const result = compareOutput("regex", "(a+)+b", "a".repeat(40));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.accepted).toBe(false);
    expect(result.message).toMatch(/took longer than \d+ ms/);
    expect(compareOutput("regex", "a+", "aaa").accepted).toBe(true);
  });
});

describe("compareModeSchema", () => {
  test("fills defaults, refuses unknown modes and negative tolerances with the field", () => {
    expect(compareModeSchema.parse({ mode: "floats" })).toEqual({ mode: "floats", absTolerance: 1e-6, relTolerance: 1e-6 });
    expect(compareModeSchema.safeParse({ mode: "fuzzy" }).success).toBe(false);
    const bad = compareModeSchema.safeParse({ mode: "floats", absTolerance: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["absTolerance"]);
    expect(compareWith({ mode: "regex", ignoreCase: true }, "ok", "OK\n")).toEqual({ accepted: true });
  });
});
