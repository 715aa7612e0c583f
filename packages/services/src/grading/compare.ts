import vm from "node:vm";
import { z } from "zod";

/**
 * How a program's output is checked against the expected output.
 * - `exact`: byte for byte.
 * - `judge0`: Judge0 CE's rule (app/jobs/isolate_job.rb `strip`): trailing whitespace of every
 *   line and trailing whitespace/newlines at the end are ignored; leading whitespace counts.
 * - `tokens`: the whitespace-separated tokens must be equal (any amount or kind of whitespace).
 * - `floats`: tokens; numeric tokens within an absolute or relative tolerance, others exactly.
 * - `unorderedLines`: the same lines (Judge0's per-line rule) in any order, as a multiset.
 * - `regex`: the expected output is a regular expression that must match the whole output
 *   (trailing newlines of the output removed).
 */
export const compareModes = ["exact", "judge0", "tokens", "floats", "unorderedLines", "regex"] as const;
export type CompareMode = (typeof compareModes)[number];

/** Longest regular expression accepted in `regex` mode. */
export const maxRegexLength = 2000;
/** Longest output a regular expression is run against, in characters. */
export const maxRegexSubjectLength = 1_000_000;
/** Time a regular expression may run before the output is refused, in milliseconds. */
export const regexBudgetMs = 250;

const tolerance = z.number().min(0).max(1);

/** A comparison mode with its options, as stored with a test case or sent by a client. */
export const compareModeSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("exact") }),
  z.object({ mode: z.literal("judge0") }),
  z.object({ mode: z.literal("tokens") }),
  z.object({
    mode: z.literal("floats"),
    /** Largest accepted |actual - expected|. */
    absTolerance: tolerance.default(1e-6),
    /** Largest accepted |actual - expected| / |expected|. */
    relTolerance: tolerance.default(1e-6),
  }),
  z.object({ mode: z.literal("unorderedLines") }),
  z.object({
    mode: z.literal("regex"),
    /** Letters match regardless of case (the `i` flag). */
    ignoreCase: z.boolean().default(false),
    /** `.` also matches line breaks (the `s` flag). */
    dotAll: z.boolean().default(false),
  }),
]);
export type CompareSpec = z.input<typeof compareModeSchema>;

/** Options of the modes that take some; the others ignore them. */
export interface CompareOptions {
  /** `floats`: largest accepted |actual - expected| (default 1e-6). */
  absTolerance?: number;
  /** `floats`: largest accepted |actual - expected| / |expected| (default 1e-6). */
  relTolerance?: number;
  /** `regex`: case-insensitive. */
  ignoreCase?: boolean;
  /** `regex`: `.` matches line breaks. */
  dotAll?: boolean;
}

export interface CompareResult {
  accepted: boolean;
  /** Why the output was refused (the first difference), for the student. */
  message?: string;
}

const ok: CompareResult = { accepted: true };
const refuse = (message: string): CompareResult => ({ accepted: false, message });
const show = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** Ruby's String#rstrip: trailing whitespace and NUL. */
const rstrip = (s: string) => s.replace(/[\s\0]+$/, "");

/** Judge0's normalisation: each line right-stripped, then the whole text right-stripped. */
export function judge0Normalize(text: string): string {
  return rstrip(text.split("\n").map(rstrip).join("\n"));
}

const lines = (text: string) => (text === "" ? [] : text.split("\n"));
const tokens = (text: string) => text.split(/\s+/).filter((t) => t !== "");

function firstLineDifference(expected: string[], actual: string[]): CompareResult {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === a) continue;
    if (e === undefined) return refuse(`line ${i + 1}: expected the end of the output, got ${show(a ?? "")}`);
    if (a === undefined) return refuse(`line ${i + 1}: expected ${show(e)}, got the end of the output`);
    return refuse(`line ${i + 1}: expected ${show(e)}, got ${show(a)}`);
  }
  return ok;
}

function compareExact(expected: string, actual: string): CompareResult {
  if (expected === actual) return ok;
  const result = firstLineDifference(expected.split("\n"), actual.split("\n"));
  return result.accepted ? refuse("the outputs differ in line endings") : result;
}

function compareJudge0(expected: string, actual: string): CompareResult {
  const e = judge0Normalize(expected);
  const a = judge0Normalize(actual);
  return e === a ? ok : firstLineDifference(lines(e), lines(a));
}

function compareTokens(expected: string, actual: string): CompareResult {
  const e = tokens(expected);
  const a = tokens(actual);
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] === a[i]) continue;
    return refuse(
      `token ${i + 1}: expected ${e[i] === undefined ? "the end of the output" : show(e[i] as string)}, got ${a[i] === undefined ? "the end of the output" : show(a[i] as string)}`,
    );
  }
  return ok;
}

const numberToken = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function compareFloats(expected: string, actual: string, absTolerance: number, relTolerance: number): CompareResult {
  const e = tokens(expected);
  const a = tokens(actual);
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    const et = e[i];
    const at = a[i];
    if (et === undefined) return refuse(`token ${i + 1}: expected the end of the output, got ${show(at ?? "")}`);
    if (at === undefined) return refuse(`token ${i + 1}: expected ${show(et)}, got the end of the output`);
    if (!numberToken.test(et)) {
      if (et !== at) return refuse(`token ${i + 1}: expected ${show(et)}, got ${show(at)}`);
      continue;
    }
    if (!numberToken.test(at)) return refuse(`token ${i + 1}: expected the number ${et}, got ${show(at)}`);
    const ev = Number(et);
    const diff = Math.abs(Number(at) - ev);
    if (diff <= absTolerance || diff <= relTolerance * Math.abs(ev)) continue;
    return refuse(
      `token ${i + 1}: expected ${et}, got ${at} (differs by ${diff}; tolerance ${absTolerance} absolute, ${relTolerance} relative)`,
    );
  }
  return ok;
}

function compareUnorderedLines(expected: string, actual: string): CompareResult {
  const counts = new Map<string, number>();
  for (const line of lines(judge0Normalize(expected))) counts.set(line, (counts.get(line) ?? 0) + 1);
  const extra: string[] = [];
  for (const line of lines(judge0Normalize(actual))) {
    const n = counts.get(line);
    if (n) counts.set(line, n - 1);
    else extra.push(line);
  }
  const missing = [...counts].find(([, n]) => n > 0)?.[0];
  if (missing !== undefined) return refuse(`expected a line ${show(missing)} that the output lacks`);
  if (extra.length > 0) return refuse(`unexpected line ${show(extra[0] as string)}`);
  return ok;
}

// One context reused for every match: `vm`'s timeout interrupts a backtracking regular expression.
let regexContext: vm.Context | undefined;

function compareRegex(pattern: string, actual: string, options: CompareOptions): CompareResult {
  if (pattern.length > maxRegexLength)
    return refuse(`the expected pattern is ${pattern.length} characters; the limit is ${maxRegexLength}`);
  const subject = actual.replace(/[\r\n]+$/, "");
  if (subject.length > maxRegexSubjectLength)
    return refuse(`the output is ${subject.length} characters; a pattern is matched against at most ${maxRegexSubjectLength}`);
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, `u${options.ignoreCase ? "i" : ""}${options.dotAll ? "s" : ""}`);
  } catch (error) {
    return refuse(`the expected pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  regexContext ??= vm.createContext({});
  regexContext.re = re;
  regexContext.subject = subject;
  try {
    const matched = vm.runInContext("re.test(subject)", regexContext, { timeout: regexBudgetMs }) as boolean;
    return matched ? ok : refuse("the output does not match the expected pattern");
  } catch {
    return refuse(
      `matching the expected pattern took longer than ${regexBudgetMs} ms; simplify the pattern (nested repetitions like (a+)+ backtrack without end)`,
    );
  } finally {
    regexContext.re = undefined;
    regexContext.subject = undefined;
  }
}

/** Checks a program's output against the expected output in the given mode. */
export function compareOutput(mode: CompareMode, expected: string, actual: string, options: CompareOptions = {}): CompareResult {
  switch (mode) {
    case "exact":
      return compareExact(expected, actual);
    case "judge0":
      return compareJudge0(expected, actual);
    case "tokens":
      return compareTokens(expected, actual);
    case "floats":
      return compareFloats(expected, actual, options.absTolerance ?? 1e-6, options.relTolerance ?? 1e-6);
    case "unorderedLines":
      return compareUnorderedLines(expected, actual);
    case "regex":
      return compareRegex(expected, actual, options);
  }
}

/** `compareOutput` with a mode and options parsed by `compareModeSchema`. */
export function compareWith(spec: CompareSpec, expected: string, actual: string): CompareResult {
  const { mode, ...options } = compareModeSchema.parse(spec);
  return compareOutput(mode, expected, actual, options);
}
