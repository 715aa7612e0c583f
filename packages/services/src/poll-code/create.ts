import { type Database, sessionPollCode, sessionPolls } from "@codeclass/db";
import { type PollCodeCreateInput, pollCodeCreateInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notifyFloor } from "../floor/notify.ts";
import { lockOpenSessionPolls, nextPollSeq, requireSessionNotEnded } from "../polls/lock.ts";
import { type PollView, pollViews } from "../polls/view.ts";
import { requireSession } from "../session/require-session.ts";

/** Staff ask a code question in a scheduled or live session: the language, a starter and the tests; it opens at once. */
export async function create(db: Database, actor: Actor, raw: PollCodeCreateInput): Promise<PollView> {
  const input = pollCodeCreateInput.parse(raw);
  return db.transaction(async (tx) => {
    const access = await requireSession(tx, actor, input.sessionId, "staff");
    requireSessionNotEnded(access, "sessionId");
    await lockOpenSessionPolls(tx, input.sessionId, "sessionId");
    const seq = await nextPollSeq(tx);
    const [row] = await tx
      .insert(sessionPolls)
      .values({
        sessionId: input.sessionId,
        authorId: actor.id,
        kind: "code",
        question: input.question,
        options: [],
        correct: null,
        seq,
        stateSeq: seq,
        createdAt: sql`clock_timestamp()`,
      })
      .returning();
    await tx.insert(sessionPollCode).values({ pollId: row!.id, ...input.code });
    await notifyFloor(tx, { sessionId: input.sessionId, kind: "polls" });
    const [view] = await pollViews(tx, { actor, staff: true }, [row!]);
    return view!;
  });
}
