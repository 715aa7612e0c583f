/** A student's grade on one assignment, from their submissions and any override. */
export interface Grade {
  /** not_started: no workspace; working: a workspace but no submission; submitted: graded or being graded. */
  status: "not_started" | "working" | "submitted";
  score: number | null;
  maxScore: number | null;
  /** The grade was set by hand (its reason is in `overrideReason`). */
  overridden: boolean;
  overrideReason: string | null;
  /** The submission the grade comes from was late. */
  late: boolean;
  attempts: number;
  submissionId: string | null;
}

interface SubmissionLite {
  id: string;
  status: string;
  score: number | null;
  maxScore: number | null;
  lateMinutes: number;
  countsAsAttempt: boolean;
  createdAt: Date;
}

/** The best or last finished submission's score (as the assignment says), unless overridden. */
export function gradeOf(
  policy: "best" | "last",
  subs: SubmissionLite[],
  override: { score: number; reason: string } | null,
  hasWorkspace: boolean,
  maxScore: number,
): Grade {
  const finished = subs
    .filter((s) => s.status === "finished" && s.score !== null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const chosen =
    policy === "last"
      ? finished[finished.length - 1]
      : finished.reduce<SubmissionLite | undefined>((best, s) => (!best || (s.score ?? 0) >= (best.score ?? 0) ? s : best), undefined);
  const status = subs.length > 0 ? "submitted" : hasWorkspace ? "working" : "not_started";
  return {
    status,
    score: override ? override.score : (chosen?.score ?? null),
    maxScore: chosen?.maxScore ?? maxScore,
    overridden: override !== null,
    overrideReason: override?.reason ?? null,
    late: (chosen?.lateMinutes ?? 0) > 0,
    attempts: subs.filter((s) => s.countsAsAttempt).length,
    submissionId: chosen?.id ?? null,
  };
}
