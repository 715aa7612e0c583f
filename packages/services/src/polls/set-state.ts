import { type Database, sessionPolls } from "@codeclass/db";
import { pollRef } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { notifyFloor } from "../floor/notify.ts";
import { lockSessionPolls, nextPollSeq, requireSessionNotEnded } from "./lock.ts";
import { lockedPoll, requirePoll } from "./require-poll.ts";
import { type PollRow, type PollView, pollViews } from "./view.ts";

/**
 * Staff change a poll's state: `close` stops answers, `reveal` also shows everyone the results
 * and correct options (and closes the poll, so nobody answers after seeing them). Repeating
 * either changes nothing.
 */
export async function setPollState(db: Database, actor: Actor, raw: z.input<typeof pollRef>, to: "close" | "reveal"): Promise<PollView> {
  const { pollId } = pollRef.parse(raw);
  return db.transaction(async (tx) => {
    const { poll, access } = await requirePoll(tx, actor, pollId, "staff");
    requireSessionNotEnded(access, "pollId");
    await lockSessionPolls(tx, poll.sessionId);
    let row: PollRow = await lockedPoll(tx, pollId);
    const changes = row.status !== "closed" || (to === "reveal" && !row.resultsRevealed);
    if (changes) {
      const seq = await nextPollSeq(tx);
      [row] = (await tx
        .update(sessionPolls)
        .set({
          status: "closed",
          closedAt: sql`coalesce(${sessionPolls.closedAt}, clock_timestamp())`,
          ...(to === "reveal" ? { resultsRevealed: true } : {}),
          seq,
          stateSeq: seq,
        })
        .where(eq(sessionPolls.id, pollId))
        .returning()) as [PollRow];
      await notifyFloor(tx, { sessionId: poll.sessionId, kind: "polls" });
    }
    const [view] = await pollViews(tx, { actor, staff: true }, [row]);
    return view!;
  });
}
