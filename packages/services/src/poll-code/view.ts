import { type CodeTest, type DbOrTx, sessionPollCode, sessionPollCodeAnswers } from "@codeclass/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { PollRow, PollViewer } from "../polls/row.ts";

/** How the students' answers to a code question stand: every test passed, some, none, or still running. */
export interface CodeResults {
  allPassed: number;
  some: number;
  none: number;
  pending: number;
}

/** A code question as the caller may see it; the tests (input and expected output) only to staff or after the reveal. */
export interface CodePollView {
  language: string;
  starter: string;
  testCount: number;
  tests: CodeTest[] | null;
  results: CodeResults | null;
  /** The caller's own answer: the file, passed tests of total, and whether it is still being run. */
  mine: { path: string; passed: number; total: number; pending: boolean; answeredAt: Date } | null;
}

/** The code parts of `rows` (code questions only) for `viewer`, with at most three queries. */
export async function codePollParts(db: DbOrTx, viewer: PollViewer, rows: PollRow[]): Promise<Map<string, CodePollView>> {
  const code = rows.filter((r) => r.kind === "code");
  const parts = new Map<string, CodePollView>();
  if (code.length === 0) return parts;
  const ids = code.map((r) => r.id);
  const specs = await db.select().from(sessionPollCode).where(inArray(sessionPollCode.pollId, ids));
  const mine = await db
    .select()
    .from(sessionPollCodeAnswers)
    .where(and(inArray(sessionPollCodeAnswers.pollId, ids), eq(sessionPollCodeAnswers.userId, viewer.actor.id)));
  const visible = code.filter((r) => viewer.staff || r.resultsRevealed).map((r) => r.id);
  const counts =
    visible.length === 0
      ? []
      : await db
          .select({
            pollId: sessionPollCodeAnswers.pollId,
            pending: sql<number>`count(*) filter (where ${sessionPollCodeAnswers.gradedAt} is null)`.mapWith(Number),
            allPassed:
              sql<number>`count(*) filter (where ${sessionPollCodeAnswers.gradedAt} is not null and ${sessionPollCodeAnswers.passed} = ${sessionPollCodeAnswers.total})`.mapWith(
                Number,
              ),
            none: sql<number>`count(*) filter (where ${sessionPollCodeAnswers.gradedAt} is not null and ${sessionPollCodeAnswers.passed} = 0)`.mapWith(
              Number,
            ),
            all: sql<number>`count(*)`.mapWith(Number),
          })
          .from(sessionPollCodeAnswers)
          .where(inArray(sessionPollCodeAnswers.pollId, visible))
          .groupBy(sessionPollCodeAnswers.pollId);
  for (const row of code) {
    const spec = specs.find((s) => s.pollId === row.id);
    const shown = viewer.staff || row.resultsRevealed;
    const c = counts.find((x) => x.pollId === row.id);
    const m = mine.find((x) => x.pollId === row.id);
    parts.set(row.id, {
      language: spec?.language ?? "",
      starter: spec?.starter ?? "",
      testCount: spec?.tests.length ?? 0,
      tests: shown ? (spec?.tests ?? []) : null,
      results: shown
        ? {
            allPassed: c?.allPassed ?? 0,
            none: c?.none ?? 0,
            pending: c?.pending ?? 0,
            some: (c?.all ?? 0) - (c?.allPassed ?? 0) - (c?.none ?? 0) - (c?.pending ?? 0),
          }
        : null,
      mine: m ? { path: m.path, passed: m.passed, total: m.total, pending: m.gradedAt === null, answeredAt: m.answeredAt } : null,
    });
  }
  return parts;
}

/** How many students answered each code question (for the poll's `results.respondents`). */
export function codeRespondents(part: CodePollView | undefined): number {
  const r = part?.results;
  return r ? r.allPassed + r.some + r.none + r.pending : 0;
}
