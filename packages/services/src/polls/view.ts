import { type DbOrTx, type PollAnswerValue, sessionPollAnswers, sessionPolls, user } from "@codeclass/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import { type CodePollView, codePollParts, codeRespondents } from "../poll-code/view.ts";
import type { PollRow, PollViewer } from "./row.ts";

export type { PollRow, PollViewer };

export interface PollResults {
  /** How many students answered. */
  respondents: number;
  /** Per option, how many students chose it (choice polls; empty for short answers). */
  counts: number[];
  /** Short answers in the order given; names only for staff. Null for choice polls. */
  answers: { name: string | null; text: string }[] | null;
}

/**
 * A poll as the caller may see it. Staff see the correct options and live results at all
 * times; students see them only once revealed, and always see their own answer.
 */
export interface PollView {
  id: string;
  sessionId: string;
  kind: PollRow["kind"];
  question: string;
  options: string[];
  status: PollRow["status"];
  resultsRevealed: boolean;
  createdAt: Date;
  closedAt: Date | null;
  correct: number[] | null;
  mine: PollAnswerValue | null;
  results: PollResults | null;
  /** A code question's language, starter, tests and results (null for other kinds). */
  code: CodePollView | null;
}

/**
 * The views of `rows` (in that order) for `viewer`, with three queries whatever their number.
 * `known`: the viewer's answers by poll id when the caller has them (it just stored them).
 */
export async function pollViews(
  db: DbOrTx,
  viewer: PollViewer,
  rows: PollRow[],
  known?: Map<string, PollAnswerValue>,
): Promise<PollView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const mineBy =
    known && ids.every((id) => known.has(id))
      ? known
      : new Map(
          (
            await db
              .select({ pollId: sessionPollAnswers.pollId, answer: sessionPollAnswers.answer })
              .from(sessionPollAnswers)
              .where(and(inArray(sessionPollAnswers.pollId, ids), eq(sessionPollAnswers.userId, viewer.actor.id)))
          ).map((m) => [m.pollId, m.answer]),
        );
  const visible = rows.filter((r) => viewer.staff || r.resultsRevealed).map((r) => r.id);
  const answers =
    visible.length === 0
      ? []
      : await db
          .select({ pollId: sessionPollAnswers.pollId, answer: sessionPollAnswers.answer, name: user.name })
          .from(sessionPollAnswers)
          .innerJoin(user, eq(user.id, sessionPollAnswers.userId))
          .where(inArray(sessionPollAnswers.pollId, visible))
          .orderBy(asc(sessionPollAnswers.answeredAt), asc(sessionPollAnswers.userId));
  const code = await codePollParts(db, viewer, rows);
  return rows.map((row) => {
    const shown = viewer.staff || row.resultsRevealed;
    const codePart = code.get(row.id);
    return {
      id: row.id,
      sessionId: row.sessionId,
      kind: row.kind,
      question: row.question,
      options: row.options,
      status: row.status,
      resultsRevealed: row.resultsRevealed,
      createdAt: row.createdAt,
      closedAt: row.closedAt,
      correct: shown ? (row.correct ?? null) : null,
      mine: mineBy.get(row.id) ?? null,
      code: codePart ?? null,
      results: !shown
        ? null
        : codePart
          ? { respondents: codeRespondents(codePart), counts: [], answers: null }
          : tally(
              row,
              answers.filter((a) => a.pollId === row.id),
              viewer.staff,
            ),
    };
  });
}

function tally(row: PollRow, answers: { answer: PollAnswerValue; name: string }[], staff: boolean): PollResults {
  const counts = row.options.map(() => 0);
  const texts: { name: string | null; text: string }[] = [];
  for (const { answer, name } of answers) {
    if ("options" in answer) for (const i of answer.options) if (i < counts.length) counts[i]! += 1;
    if ("text" in answer) texts.push({ name: staff ? name : null, text: answer.text });
  }
  return { respondents: answers.length, counts, answers: row.kind === "short" ? texts : null };
}

/** The polls of a session, oldest first. */
export async function sessionPollRows(db: DbOrTx, sessionId: string): Promise<PollRow[]> {
  return db
    .select()
    .from(sessionPolls)
    .where(eq(sessionPolls.sessionId, sessionId))
    .orderBy(asc(sessionPolls.createdAt), asc(sessionPolls.id));
}
