import { type Database, type PollAnswerValue, sessionPollAnswers, sessionPolls } from "@codeclass/db";
import { type PollAnswerInput, pollAnswerInput } from "@codeclass/validators";
import { and, eq, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { badRequest, conflict, forbidden } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import { lockSessionPolls, requireSessionNotEnded } from "./lock.ts";
import { requirePoll } from "./require-poll.ts";
import { type PollRow, type PollView, pollViews } from "./view.ts";

/**
 * An enrolled student answers an open poll. There is one answer per student: answering again
 * (a retry, a change of mind) replaces it, so each student counts once.
 *
 * Answers to one session's polls take turns on the session's poll lock (so their change numbers
 * become visible in order), so everything that need not hold it is done before: the checks, the
 * answer's own row, and the caller's view after the commit. Under the lock: one statement that
 * takes the next change number if the poll is still open, the notice, the commit. A poll's kind
 * and options never change after it is asked, so the answer is checked against the row read first;
 * a close that commits meanwhile is seen by the locked statement (the answer is then rolled back).
 */
export async function answer(db: Database, actor: Actor, raw: PollAnswerInput): Promise<PollView> {
  const input = pollAnswerInput.parse(raw);
  const row = await db.transaction(async (tx) => {
    const { poll, access } = await requirePoll(tx, actor, input.pollId, "view");
    if (access.access.myRole !== "student") throw forbidden("Only the course's students answer its polls");
    requireSessionNotEnded(access, "pollId");
    if (poll.status !== "open") throw closedPoll();
    const value = answerFor(poll, input);
    // The answer's row and the session's poll lock, then (holding it) the change number and the
    // notice: two awaits instead of four. A notice goes out on commit: when the poll closed
    // meanwhile the transaction is rolled back and nobody is told.
    await Promise.all([
      tx
        .insert(sessionPollAnswers)
        .values({ pollId: poll.id, userId: actor.id, answer: value, answeredAt: sql`clock_timestamp()` })
        .onConflictDoUpdate({
          target: [sessionPollAnswers.pollId, sessionPollAnswers.userId],
          set: { answer: value, answeredAt: sql`clock_timestamp()` },
        })
        .then(() => {}),
      lockSessionPolls(tx, poll.sessionId),
    ]);
    const [[changed]] = await Promise.all([
      tx
        .update(sessionPolls)
        .set({ seq: sql`nextval('session_poll_seq')` })
        .where(and(eq(sessionPolls.id, poll.id), eq(sessionPolls.status, "open")))
        .returning() as Promise<PollRow[]>,
      notifyFloor(tx, { sessionId: poll.sessionId, kind: "poll-results" }),
    ]);
    if (!changed) throw closedPoll();
    return { changed, value };
  });
  // The answer just stored is the caller's own: no need to read it back.
  const [view] = await pollViews(db, { actor, staff: false }, [row.changed], new Map([[row.changed.id, row.value]]));
  return view!;
}

const closedPoll = () => conflict("this poll is closed; it no longer takes answers", "pollId");

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
