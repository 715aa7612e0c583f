/** The late-policy fields of an assignment. */
export interface LatePolicy {
  /** Percent taken per started day late. */
  latePenaltyPerDay: number;
  /** The most percent taken in all. */
  latePenaltyCap: number;
  /** Minutes after the due date that are not late at all. */
  graceMinutes: number;
}

export interface Lateness {
  late: boolean;
  /** Minutes after the due date (0 when on time or within the grace period). */
  lateMinutes: number;
  /** Started days late: 1 for a minute past the grace period, 2 past one day after the due date ... */
  days: number;
  penaltyPct: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * How late a submission is and what it costs. Within the grace period it is on time; past it,
 * the days are counted from the due date itself (a submission 25 hours late is 2 days late),
 * each started day costs `latePenaltyPerDay` percent, up to `latePenaltyCap`.
 */
export function lateness(submittedAt: Date, dueAt: Date | null, policy: LatePolicy): Lateness {
  if (!dueAt) return { late: false, lateMinutes: 0, days: 0, penaltyPct: 0 };
  const overMs = submittedAt.getTime() - dueAt.getTime();
  if (overMs <= policy.graceMinutes * 60_000) return { late: false, lateMinutes: 0, days: 0, penaltyPct: 0 };
  const days = Math.ceil(overMs / dayMs);
  return {
    late: true,
    lateMinutes: Math.ceil(overMs / 60_000),
    days,
    penaltyPct: Math.min(policy.latePenaltyCap, policy.latePenaltyPerDay * days),
  };
}

/** A score after a penalty in percent, rounded to 2 decimals. */
export const applyPenalty = (raw: number, penaltyPct: number) => Math.round(raw * (100 - penaltyPct)) / 100;
