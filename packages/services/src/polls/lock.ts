import type { Database, DbOrTx } from "@codeclass/db";
import { sessionPolls } from "@codeclass/db";
import { eq, sql } from "drizzle-orm";
import { conflict, notFound } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import type { SessionAccess } from "../session/require-session.ts";
import type { PollRow } from "./view.ts";

/**
 * Serializes the changes to one session's polls until the transaction ends, so their change
 * numbers become visible in the order they were taken and a stream never skips one. Answers do
 * not take it: they are published in batches by `publishPollResults`.
 */
export async function lockSessionPolls(tx: DbOrTx, sessionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`session-polls:${sessionId}`}))`);
}

/** The next change number (call it holding the session's lock). */
export async function nextPollSeq(tx: DbOrTx): Promise<number> {
  const [row] = await tx.execute<{ n: string }>(sql`select nextval('session_poll_seq') as n`);
  return Number(row!.n);
}

/**
 * The poll's current row under a key-share lock: answers hold it together without waiting for
 * each other, while a close (`lockedPoll`, FOR UPDATE) waits for the answers in flight and they
 * for it, so no answer lands in a poll after it closed.
 */
export async function answerablePoll(tx: DbOrTx, pollId: string): Promise<PollRow> {
  const [poll] = await tx.select().from(sessionPolls).where(eq(sessionPolls.id, pollId)).for("key share");
  if (!poll) throw notFound(`No poll has id ${pollId}`, "pollId");
  return poll;
}

/** Polls are asked, closed and answered while the session is scheduled or live; afterwards they stay readable. */
export function requireSessionNotEnded(access: SessionAccess, field: string): void {
  if (access.session.status === "ended") throw conflict("this session has ended; its polls are kept but closed", field);
}

/** The least time between two publications of one poll's results by one process, ms. */
export const pollResultsGapMs = 20;

interface Publisher {
  /** The publication under way, if any. */
  running: Promise<void> | null;
  /** The next one, which every answer committed before it starts joins. */
  queued: Promise<void> | null;
  lastStart: number;
}

const publishers = new WeakMap<Database, Map<string, Publisher>>();

/**
 * Makes a poll's answers committed so far visible to the staff's streams: a new change number
 * for the poll (under the session's lock, as any poll change) and a `poll-results` notice. Call
 * it after the answer committed; it resolves once a publication that started after that call
 * committed. Within a process at most one runs per poll and one waits behind it, at most every
 * `pollResultsGapMs`, so 200 answers at once make a handful of publications, not 200 serialized
 * ones.
 */
export function publishPollResults(db: Database, pollId: string, sessionId: string): Promise<void> {
  const polls = publishers.get(db) ?? new Map<string, Publisher>();
  publishers.set(db, polls);
  const pub = polls.get(pollId) ?? { running: null, queued: null, lastStart: 0 };
  polls.set(pollId, pub);
  const start = (): Promise<void> => {
    pub.lastStart = Date.now();
    const running = bumpPollResults(db, pollId, sessionId).finally(() => {
      if (pub.running === running) pub.running = null;
      if (!pub.running && !pub.queued) polls.delete(pollId);
    });
    pub.running = running;
    return running;
  };
  if (!pub.running && !pub.queued) return start();
  if (!pub.queued) {
    const queued = pub
      .running!.catch(() => {})
      .then(() => new Promise((r) => setTimeout(r, Math.max(0, pub.lastStart + pollResultsGapMs - Date.now()))))
      .then(() => {
        pub.queued = null;
        return start();
      });
    pub.queued = queued;
  }
  return pub.queued;
}

async function bumpPollResults(db: Database, pollId: string, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockSessionPolls(tx, sessionId);
    await tx
      .update(sessionPolls)
      .set({ seq: await nextPollSeq(tx) })
      .where(eq(sessionPolls.id, pollId));
    await notifyFloor(tx, { sessionId, kind: "poll-results" });
  });
}
