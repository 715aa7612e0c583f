import { verdictStyle } from "../run/runFormat.ts";

const testVerdicts: Record<string, { label: string; color: string }> = {
  accepted: { label: "Accepted", color: "green" },
  partial: { label: "Partial", color: "yellow" },
  wrong_answer: { label: "Wrong answer", color: "red" },
  skipped: { label: "Skipped (gate failed)", color: "gray" },
  checker_failed: { label: "Checker failed", color: "grape" },
};

/** A test result's verdict in words, with its badge colour (sandbox verdicts as for runs). */
export function testVerdictStyle(verdict: string): { label: string; color: string } {
  return testVerdicts[verdict] ?? verdictStyle(verdict);
}

/** "7.5 / 10" (a null score: "—"). */
export const formatScore = (score: number | null | undefined, max: number | null | undefined) =>
  score === null || score === undefined ? "—" : `${+score.toFixed(2)} / ${max ?? 0}`;

export const statusLabel: Record<string, string> = { not_started: "Not started", working: "Working", submitted: "Submitted" };
