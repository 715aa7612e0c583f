import { type Database, sessionPolls } from "@codeclass/db";
import { pollCreateInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireSession } from "../session/require-session.ts";
import { lockOpenSessionPolls, nextPollSeq, requireSessionNotEnded } from "./lock.ts";
import { type PollView, pollViews } from "./view.ts";

/** Staff ask a poll in a scheduled or live session; it opens at once. */
export async function create(db: Database, actor: Actor, raw: z.input<typeof pollCreateInput>): Promise<PollView> {
  const input = pollCreateInput.parse(raw);
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
        kind: input.kind,
        question: input.question,
        options: input.kind === "short" ? [] : input.options,
        correct: input.kind === "short" || !input.correct?.length ? null : [...input.correct].sort((a, b) => a - b),
        seq,
        stateSeq: seq,
        createdAt: sql`clock_timestamp()`,
      })
      .returning();
    await notifyFloor(tx, { sessionId: input.sessionId, kind: "polls" });
    const [view] = await pollViews(tx, { actor, staff: true }, [row!]);
    return view!;
  });
}
