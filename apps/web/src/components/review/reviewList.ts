import type { RosterWorkspace } from "../../api-types.ts";
import { isFailingVerdict, type NeedsHelp, needsHelp } from "./needsHelp.ts";
import type { LiveSummary } from "./useStudentSummaries.ts";

export type ReviewSort = "needsHelp" | "name" | "lastEdit" | "verdict";
export type ReviewFilter = "all" | "typing" | "failing";

/** A last run that failed because of the program; a run stopped with Stop or lost to the server is not failing. */
export function isFailing(student: RosterWorkspace): boolean {
  return isFailingVerdict(student.lastRun?.verdict);
}

/** The student's last edit: the newest seen live, else the roster's. */
export function lastEditOf(student: RosterWorkspace, summary: LiveSummary | undefined): Date | null {
  return summary?.lastEditAt ?? (student.lastEditAt ? new Date(student.lastEditAt) : null);
}

/** The "needs help" score of one student now (see needsHelp.ts). */
export function helpOf(student: RosterWorkspace, summary: LiveSummary | undefined, now: number): NeedsHelp {
  return needsHelp(
    {
      lastRun: student.lastRun,
      recentRuns: student.recentRuns,
      present: summary?.present ?? false,
      lastEditAt: lastEditOf(student, summary),
    },
    now,
  );
}

// Failing first, then no run yet, then OK: the students who may need help come first.
function verdictRank(student: RosterWorkspace): number {
  if (isFailing(student)) return 0;
  return student.lastRun?.verdict ? 2 : 1;
}

export interface ReviewQuery {
  text: string;
  filter: ReviewFilter;
  sort: ReviewSort;
  /** The clock for "needs help" (idle time); defaults to now. */
  now?: number;
}

/** The students shown, in order: filtered by text (name or email) and state, then sorted. */
export function reviewList(
  students: readonly RosterWorkspace[],
  summaries: ReadonlyMap<string, LiveSummary>,
  { text, filter, sort, now = Date.now() }: ReviewQuery,
): RosterWorkspace[] {
  const needle = text.trim().toLowerCase();
  const byName = (a: RosterWorkspace, b: RosterWorkspace) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email);
  const editTime = (s: RosterWorkspace) => lastEditOf(s, summaries.get(s.userId))?.getTime() ?? 0;
  const scores = new Map<string, number>();
  const score = (s: RosterWorkspace) => {
    const known = scores.get(s.userId);
    if (known !== undefined) return known;
    const v = helpOf(s, summaries.get(s.userId), now).score;
    scores.set(s.userId, v);
    return v;
  };
  return students
    .filter((s) => !needle || s.name.toLowerCase().includes(needle) || s.email.toLowerCase().includes(needle))
    .filter((s) => filter === "all" || (filter === "typing" ? summaries.get(s.userId)?.typing : isFailing(s)))
    .sort((a, b) => {
      if (sort === "needsHelp") return score(b) - score(a) || verdictRank(a) - verdictRank(b) || byName(a, b);
      if (sort === "lastEdit") return editTime(b) - editTime(a) || byName(a, b);
      if (sort === "verdict") return verdictRank(a) - verdictRank(b) || byName(a, b);
      return byName(a, b);
    });
}
