import type { RosterWorkspace } from "../../api-types.ts";
import { verdictStyle } from "../run/runFormat.ts";

/** What the "needs help" order reads of a student: the roster row and, when known, their live presence. */
export interface HelpInput {
  lastRun: RosterWorkspace["lastRun"];
  recentRuns: RosterWorkspace["recentRuns"];
  /** The student is in their workspace now. */
  present: boolean;
  /** Their last edit (live or from the roster), null when none. */
  lastEditAt: Date | null;
}

/** One part of the score, with the words that explain it. */
export interface HelpReason {
  points: number;
  text: string;
}

export interface NeedsHelp {
  /** 0 when nothing suggests the student is stuck; higher needs help sooner. */
  score: number;
  /** Largest first; empty when the score is 0. */
  reasons: HelpReason[];
}

/** The weights, named so the explanation and the tests read the same numbers. */
export const helpWeights = {
  /** The newest finished run failed. */
  lastRunFailed: 40,
  /** Each failing run in a row after the first (up to `streakCap` of them). */
  perStreakRun: 10,
  streakCap: 3,
  /** Each failing run among the recent ones (from the third on: "many errors"). */
  perFailingRun: 4,
  failingFrom: 3,
  /** Online but idle for `idleAfterMs`; then `perIdleMinute` each further minute up to `idleCap`. */
  idle: 20,
  idleAfterMs: 5 * 60_000,
  perIdleMinute: 1,
  idleCap: 20,
} as const;

/** A verdict that the program caused: not OK, not stopped with Stop, not the server's fault. */
export function isFailingVerdict(verdict: string | null | undefined): boolean {
  return Boolean(verdict && verdict !== "OK" && verdict !== "STOPPED" && verdict !== "INTERNAL_ERROR");
}

const minutes = (ms: number) => Math.floor(ms / 60_000);

/**
 * How much a student seems to need help now, and why: failing runs (the last one, several in a
 * row, many among the recent ones) and being online without editing for a while. Pure, so the
 * panel's order and its explanation are tested together.
 */
export function needsHelp(input: HelpInput, now: number): NeedsHelp {
  const w = helpWeights;
  const reasons: HelpReason[] = [];
  const verdict = input.lastRun?.verdict ?? null;
  const { failing, finished, failingStreak } = input.recentRuns;
  if (isFailingVerdict(verdict)) reasons.push({ points: w.lastRunFailed, text: `last run failed: ${verdictStyle(verdict!).label}` });
  if (failingStreak >= 2)
    reasons.push({ points: w.perStreakRun * Math.min(failingStreak - 1, w.streakCap), text: `${failingStreak} failing runs in a row` });
  if (failing >= w.failingFrom)
    reasons.push({ points: w.perFailingRun * (failing - w.failingFrom + 1), text: `${failing} of the last ${finished} runs failed` });
  if (input.present) {
    const idleMs = input.lastEditAt ? now - input.lastEditAt.getTime() : null;
    if (idleMs === null) reasons.push({ points: w.idle, text: "online, no edits yet" });
    else if (idleMs >= w.idleAfterMs) {
      const extra = Math.min(w.idleCap, w.perIdleMinute * (minutes(idleMs) - minutes(w.idleAfterMs)));
      reasons.push({ points: w.idle + extra, text: `online, no edit for ${minutes(idleMs)} min` });
    }
  }
  reasons.sort((a, b) => b.points - a.points);
  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

/** "Needs help 64: last run failed: Runtime error (+40); 3 failing runs in a row (+20)…", for a screen reader or a tooltip. */
export function describeHelp(help: NeedsHelp): string {
  if (help.score === 0) return "No sign of needing help.";
  return `Needs help score ${help.score}: ${help.reasons.map((r) => `${r.text} (+${r.points})`).join("; ")}.`;
}
