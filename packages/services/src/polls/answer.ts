import { type Database, type PollAnswerValue, sessionPollAnswers, sessionPolls } from "@codeclass/db";
import { type PollAnswerInput, pollAnswerInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { badRequest, conflict, forbidden } from "../errors.ts";
import { floorNotify } from "../floor/notify.ts";
import { requireSessionNotEnded, sessionPollsLock } from "./lock.ts";
import { requirePoll } from "./require-poll.ts";
import { type PollRow, type PollView, pollViews } from "./view.ts";

/**
 * An enrolled student answers an open poll. There is one answer per student: answering again
 * (a retry, a change of mind) replaces it, so each student counts once.
 *
 * Answers to one session's polls take turns on the session's poll lock (so their change numbers
 * become visible in order), and that lock is held only inside Postgres: the checks are reads made
 * first, and the answer is one statement that takes the lock, takes the next change number if the
 * poll is still open, stores the answer only then, and sends the notice, committed as it ends.
 * Held across round trips to this process instead (four before), each holder waited for the
 * server's event loop to come round, and a class answering at once queued behind the slowest.
 * A poll's kind and options never change after it is asked, so the answer is checked against the
 * row read first; a close that commits meanwhile is seen by the statement (nothing is stored).
 */
export async function answer(db: Database, actor: Actor, raw: PollAnswerInput): Promise<PollView> {
  const input = pollAnswerInput.parse(raw);
  const { poll, access } = await requirePoll(db, actor, input.pollId, "view");
  if (access.access.myRole !== "student") throw forbidden("Only the course's students answer its polls");
  requireSessionNotEnded(access, "pollId");
  if (poll.status !== "open") throw closedPoll();
  const value = answerFor(poll, input);
  // The update waits for the lock (an InitPlan, run before any row is changed, so `nextval` runs
  // holding it). Its snapshot is older than the wait, but every writer of this poll (a close, a
  // reveal, another answer) updates its row, so Postgres checks the row's newest version again and
  // skips a poll closed meanwhile. The insert and the notice happen only for the row it changed.
  const [changed] = await db.execute<{ seq: string; state_seq: string; results_revealed: boolean }>(sql`
    with changed as (
      update ${sessionPolls} set seq = nextval('session_poll_seq')
      where id = ${poll.id} and status = 'open' and (select true from (select ${sessionPollsLock(poll.sessionId)}) as locked)
      returning id, seq, state_seq, results_revealed
    ), stored as (
      insert into ${sessionPollAnswers} (poll_id, user_id, answer, answered_at)
      select id, ${actor.id}::text, ${JSON.stringify(value)}::jsonb, clock_timestamp() from changed
      on conflict (poll_id, user_id) do update set answer = excluded.answer, answered_at = excluded.answered_at
    )
    select seq, state_seq, results_revealed, ${floorNotify({ sessionId: poll.sessionId, kind: "poll-results" })} from changed`);
  if (!changed) throw closedPoll();
  const row: PollRow = {
    ...poll,
    seq: Number(changed.seq),
    stateSeq: Number(changed.state_seq),
    resultsRevealed: changed.results_revealed,
  };
  // The answer just stored is the caller's own: no need to read it back.
  const [view] = await pollViews(db, { actor, staff: false }, [row], new Map([[row.id, value]]));
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
