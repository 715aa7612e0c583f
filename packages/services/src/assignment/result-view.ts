import { diffWordsWithSpace } from "diff";
import type { ResultRow, TestRow } from "./current-results.ts";

/** One part of a word-level diff of expected (removed) against actual (added) output. */
export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** A test's result as its viewer may see it: for a test not revealed to them, only its verdict, points and usage. */
export interface ResultView {
  resultId: number;
  position: number;
  /** Null for a test not revealed to the viewer (they see "Hidden test N"). */
  testId: string | null;
  name: string;
  hidden: boolean;
  verdict: string;
  points: number;
  maxPoints: number;
  cpuMs: number | null;
  wallMs: number | null;
  memoryKb: number | null;
  /** Revealed tests only. */
  stdin?: string;
  expected?: string;
  actual?: string;
  stderr?: string;
  message?: string;
  /** Revealed tests that were not accepted and have an expected output: expected vs actual, word by word, whitespace kept. */
  diff?: DiffPart[];
}

/** Largest expected/actual pair a diff is computed for (characters each); past it the texts are shown without one. */
const diffChars = 20_000;
const messageFor = (v: string) => (v === "skipped" ? "Not run: an earlier gate test failed" : "");

export function resultView(row: ResultRow, test: TestRow, revealed: boolean): ResultView {
  const base: ResultView = {
    resultId: row.id,
    position: test.position,
    testId: revealed ? test.id : null,
    name: revealed ? test.name : `Hidden test ${test.position + 1}`,
    hidden: !revealed,
    verdict: row.verdict,
    points: row.points,
    maxPoints: row.maxPoints,
    cpuMs: row.cpuMs,
    wallMs: row.wallMs,
    memoryKb: row.memoryKb,
  };
  if (!revealed) return base;
  const view: ResultView = {
    ...base,
    stdin: test.stdin,
    expected: test.compare.mode === "checker" ? undefined : test.expected,
    actual: row.stdout,
    stderr: row.stderr,
    message: row.message || messageFor(row.verdict),
  };
  const failed = row.verdict !== "accepted" && row.verdict !== "skipped";
  if (
    failed &&
    test.compare.mode !== "checker" &&
    test.compare.mode !== "regex" &&
    test.expected.length <= diffChars &&
    row.stdout.length <= diffChars
  )
    view.diff = diffWordsWithSpace(test.expected, row.stdout).map((p) => ({
      value: p.value,
      ...(p.added ? { added: true } : {}),
      ...(p.removed ? { removed: true } : {}),
    }));
  return view;
}
