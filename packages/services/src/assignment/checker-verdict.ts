/**
 * The checker protocol (testlib's exit codes; docs/grading.md): the checker is run as
 * `<checker> input.txt expected.txt actual.txt` in its own sandbox and answers by exit code:
 *   0 accepted (full points), 1 wrong answer (0 points), 7 partial: the first line of its stdout
 *   is the points, a number from 0 to the test's points (testlib's `quitp` prints a fraction,
 *   so a number in (0, 1] with a `.` and the test worth more is read as a share).
 * Anything else (another exit code, a crash, a time limit, bad points) is a checker failure:
 * the test gets 0 points and the message says the checker failed, so staff can fix it.
 * Its stderr (first 300 characters) is the message shown with the result.
 */
export interface CheckerAnswer {
  verdict: "accepted" | "partial" | "wrong_answer" | "checker_failed";
  points: number;
  message: string;
}

export function checkerVerdict(
  exit: { verdict: string; exitCode: number | null; stdout: string; stderr: string; message: string },
  maxPoints: number,
): CheckerAnswer {
  const note = exit.stderr.trim().slice(0, 300);
  if (exit.verdict === "OK" && exit.exitCode === 0) return { verdict: "accepted", points: maxPoints, message: note };
  if (exit.exitCode === 1 && exit.verdict === "RUNTIME_ERROR") return { verdict: "wrong_answer", points: 0, message: note };
  if (exit.exitCode === 7 && exit.verdict === "RUNTIME_ERROR") {
    const first = exit.stdout.trim().split(/\s+/)[0] ?? "";
    let value = Number(first);
    if (first === "" || !Number.isFinite(value) || value < 0)
      return { verdict: "checker_failed", points: 0, message: `The checker answered "partial" without points on its first output line` };
    if (first.includes(".") && value <= 1 && maxPoints > 1) value *= maxPoints;
    if (value > maxPoints)
      return { verdict: "checker_failed", points: 0, message: `The checker gave ${first} points; the test is worth ${maxPoints}` };
    const points = Math.round(value * 100) / 100;
    return { verdict: points >= maxPoints ? "accepted" : points > 0 ? "partial" : "wrong_answer", points, message: note };
  }
  return { verdict: "checker_failed", points: 0, message: `The checker failed: ${exit.message}` };
}
