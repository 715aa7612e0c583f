import { type Database, type PollAnswerValue, sessionPollAnswers } from "@codeclass/db";
import { type PollAnswerInput, pollAnswerInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { badRequest, conflict, forbidden } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import { answerablePoll, publishPollResults, requireSessionNotEnded } from "./lock.ts";
import { type PollRow, type PollView, pollViews } from "./view.ts";

/**
 * An enrolled student answers an open poll. There is one answer per student: answering again
 * (a retry, a change of mind) replaces it, so each student counts once.
 */
export async function answer(db: Database, actor: Actor, raw: PollAnswerInput): Promise<PollView> {
  const input = pollAnswerInput.parse(raw);
  const { view, sessionId } = await db.transaction(async (tx) => {
    // No session-wide lock: answers to one poll run side by side (a key-share lock on the poll keeps
    // a close from passing them); the primary key (poll, student) keeps one answer each.
    const current = await answerablePoll(tx, input.pollId);
    const access = await requireSession(tx, actor, current.sessionId, "view");
    if (access.access.myRole !== "student") throw forbidden("Only the course's students answer its polls");
    requireSessionNotEnded(access, "pollId");
    if (current.status !== "open") throw conflict("this poll is closed; it no longer takes answers", "pollId");
    const value = answerFor(current, input);
    await tx
      .insert(sessionPollAnswers)
      .values({ pollId: current.id, userId: actor.id, answer: value, answeredAt: sql`clock_timestamp()` })
      .onConflictDoUpdate({
        target: [sessionPollAnswers.pollId, sessionPollAnswers.userId],
        set: { answer: value, answeredAt: sql`clock_timestamp()` },
      });
    const [view] = await pollViews(tx, { actor, staff: false }, [current]);
    return { view: view!, sessionId: current.sessionId };
  });
  // Committed: the staff's streams learn of it with the answers committed alongside it.
  await publishPollResults(db, input.pollId, sessionId);
  return view;
}

/** The answer to store, checked against the poll's kind and options; a mismatch names the field. */
function answerFor(poll: PollRow, input: { options?: number[]; text?: string }): PollAnswerValue {
  if (poll.kind === "short") {
    if (input.options !== undefined) throw badRequest("is for choice polls: this poll takes a text answer", "options");
    if (input.text === undefined) throw badRequest("is required: type an answer", "text");
    return { text: input.text };
  }
  if (input.text !== undefined) throw badRequest("is for short-answer polls: this poll takes options", "text");
  const chosen = input.options ?? [];
  if (chosen.length === 0) throw badRequest("is required: choose an option", "options");
  if (poll.kind === "single" && chosen.length > 1) throw badRequest("must be one option: this is a single-choice poll", "options");
  if (new Set(chosen).size !== chosen.length) throw badRequest("lists an option twice", "options");
  const outside = chosen.find((i) => i >= poll.options.length);
  if (outside !== undefined)
    throw badRequest(`names option ${outside}, but this poll's options are 0 to ${poll.options.length - 1}`, "options");
  return { options: [...chosen].sort((a, b) => a - b) };
}
