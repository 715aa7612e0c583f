import type { RosterWorkspace } from "../../api-types.ts";
import type { LiveSummary } from "./useStudentSummaries.ts";

export type ReviewSort = "name" | "lastEdit" | "verdict";
export type ReviewFilter = "all" | "typing" | "failing";

/** A last run that did not end OK (a compile error, a crash, a limit); a run stopped with Stop is not failing. */
export function isFailing(student: RosterWorkspace): boolean {
  const verdict = student.lastRun?.verdict;
  return Boolean(verdict && verdict !== "OK" && verdict !== "STOPPED");
}

function lastEditOf(student: RosterWorkspace, summary: LiveSummary | undefined): number {
  const at = summary?.lastEditAt ?? (student.lastEditAt ? new Date(student.lastEditAt) : null);
  return at ? at.getTime() : 0;
}

// Failing first, then no run yet, then OK: the students who may need help come first.
function verdictRank(student: RosterWorkspace): number {
  if (isFailing(student)) return 0;
  return student.lastRun?.verdict ? 2 : 1;
}

/** The students shown, in order: filtered by text (name or email) and state, then sorted. */
export function reviewList(
  students: readonly RosterWorkspace[],
  summaries: ReadonlyMap<string, LiveSummary>,
  { text, filter, sort }: { text: string; filter: ReviewFilter; sort: ReviewSort },
): RosterWorkspace[] {
  const needle = text.trim().toLowerCase();
  const byName = (a: RosterWorkspace, b: RosterWorkspace) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email);
  return students
    .filter((s) => !needle || s.name.toLowerCase().includes(needle) || s.email.toLowerCase().includes(needle))
    .filter((s) => filter === "all" || (filter === "typing" ? summaries.get(s.userId)?.typing : isFailing(s)))
    .sort((a, b) => {
      if (sort === "lastEdit") return lastEditOf(b, summaries.get(b.userId)) - lastEditOf(a, summaries.get(a.userId)) || byName(a, b);
      if (sort === "verdict") return verdictRank(a) - verdictRank(b) || byName(a, b);
      return byName(a, b);
    });
}
