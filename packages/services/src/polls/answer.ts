import { type Database, type PollAnswerValue, sessionPollAnswers, sessionPolls } from "@codeclass/db";
import { type PollAnswerInput, pollAnswerInput } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { badRequest, conflict, forbidden } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import { lockSessionPolls, nextPollSeq, requireSessionNotEnded } from "./lock.ts";
import { lockedPoll, requirePoll } from "./require-poll.ts";
import { type PollRow, type PollView, pollViews } from "./view.ts";

/**
 * An enrolled student answers an open poll. There is one answer per student: answering again
 * (a retry, a change of mind) replaces it, so each student counts once.
 */
export async function answer(db: Database, actor: Actor, raw: PollAnswerInput): Promise<PollView> {
  const input = pollAnswerInput.parse(raw);
  return db.transaction(async (tx) => {
    const { poll, access } = await requirePoll(tx, actor, input.pollId, "view");
    if (access.access.myRole !== "student") throw forbidden("Only the course's students answer its polls");
    requireSessionNotEnded(access, "pollId");
    await lockSessionPolls(tx, poll.sessionId);
    const current = await lockedPoll(tx, input.pollId);
    if (current.status !== "open") throw conflict("this poll is closed; it no longer takes answers", "pollId");
    const value = answerFor(current, input);
    await tx
      .insert(sessionPollAnswers)
      .values({ pollId: current.id, userId: actor.id, answer: value, answeredAt: sql`clock_timestamp()` })
      .onConflictDoUpdate({
        target: [sessionPollAnswers.pollId, sessionPollAnswers.userId],
        set: { answer: value, answeredAt: sql`clock_timestamp()` },
      });
    const [row] = (await tx
      .update(sessionPolls)
      .set({ seq: await nextPollSeq(tx) })
      .where(eq(sessionPolls.id, current.id))
      .returning()) as [PollRow];
    await notifyFloor(tx, { sessionId: current.sessionId, kind: "poll-results" });
    const [view] = await pollViews(tx, { actor, staff: false }, [row]);
    return view!;
  });
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
