import { randomUUID } from "node:crypto";
import { type Database, sessionReactionCounts } from "@codeclass/db";
import { type ReactionEmoji, reactionLimits, reactionSendInput } from "@codeclass/validators";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { busy } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireFloor } from "../floor/require-floor.ts";

/** A reaction as it is broadcast: short-lived, not stored (only counted per user). */
export interface Reaction {
  /** Unique per burst, for the display's keys. */
  id: string;
  emoji: ReactionEmoji;
}

/** A member sends a reaction burst to everyone in a live session, within a per-user rate. */
export async function send(db: Database, actor: Actor, raw: z.input<typeof reactionSendInput>): Promise<Reaction> {
  const input = reactionSendInput.parse(raw);
  const window = sql.raw(`interval '${reactionLimits.windowSeconds} seconds'`);
  return db.transaction(async (tx) => {
    await requireFloor(tx, actor, input.sessionId, "live");
    // One statement counts and limits: a new window starts once the old one is over.
    const counted = await tx
      .insert(sessionReactionCounts)
      .values({ sessionId: input.sessionId, userId: actor.id, count: 1, windowStart: sql`clock_timestamp()`, windowCount: 1 })
      .onConflictDoUpdate({
        target: [sessionReactionCounts.sessionId, sessionReactionCounts.userId],
        set: {
          count: sql`${sessionReactionCounts.count} + 1`,
          windowStart: sql`case when ${sessionReactionCounts.windowStart} < clock_timestamp() - ${window} then clock_timestamp() else ${sessionReactionCounts.windowStart} end`,
          windowCount: sql`case when ${sessionReactionCounts.windowStart} < clock_timestamp() - ${window} then 1 else ${sessionReactionCounts.windowCount} + 1 end`,
        },
        setWhere: sql`${sessionReactionCounts.windowStart} < clock_timestamp() - ${window} or ${sessionReactionCounts.windowCount} < ${reactionLimits.perWindow}`,
      })
      .returning({ count: sessionReactionCounts.count });
    if (counted.length === 0) {
      const [open] = await tx
        .select({
          left: sql<number>`greatest(1, ceil(extract(epoch from (${sessionReactionCounts.windowStart} + ${window} - clock_timestamp()))))::int`,
        })
        .from(sessionReactionCounts)
        .where(and(eq(sessionReactionCounts.sessionId, input.sessionId), eq(sessionReactionCounts.userId, actor.id)));
      const s = open?.left ?? reactionLimits.windowSeconds;
      throw busy(
        `you are sending reactions too fast (${reactionLimits.perWindow} in ${reactionLimits.windowSeconds} seconds); try again in ${s} second${s === 1 ? "" : "s"}`,
      );
    }
    const reaction: Reaction = { id: randomUUID(), emoji: input.emoji };
    await notifyFloor(tx, { sessionId: input.sessionId, kind: "reaction", ...reaction });
    return reaction;
  });
}
