import { type DbOrTx, sessionMessages } from "@codeclass/db";
import { chatLimits } from "@codeclass/validators";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { busy } from "../errors.ts";

/**
 * Refuses a message over the sender's limits (a burst in a few seconds, and per minute), saying
 * when they may send again. Holds a per-user lock until the transaction ends, so two messages
 * sent at once are counted one after the other.
 */
export async function checkChatRate(tx: DbOrTx, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`chat-user:${userId}`}))`);
  const recent = await tx
    .select({ age: sql<number>`extract(epoch from (clock_timestamp() - ${sessionMessages.createdAt}))::float8` })
    .from(sessionMessages)
    .where(and(eq(sessionMessages.authorId, userId), gt(sessionMessages.createdAt, sql`clock_timestamp() - interval '60 seconds'`)))
    .orderBy(desc(sessionMessages.createdAt))
    .limit(chatLimits.perMinute);
  const wait = (nth: number, windowSeconds: number) => Math.max(1, Math.ceil(windowSeconds - Number(recent[nth - 1]!.age)));
  const inBurst = recent.filter((r) => Number(r.age) < chatLimits.burstSeconds).length;
  if (inBurst >= chatLimits.burst) {
    const s = wait(chatLimits.burst, chatLimits.burstSeconds);
    throw busy(
      `you are sending messages too fast (${chatLimits.burst} in ${chatLimits.burstSeconds} seconds); try again in ${s} second${s === 1 ? "" : "s"}`,
    );
  }
  if (recent.length >= chatLimits.perMinute) {
    const s = wait(chatLimits.perMinute, 60);
    throw busy(`you have sent ${chatLimits.perMinute} messages in the last minute; try again in ${s} second${s === 1 ? "" : "s"}`);
  }
}
