import { type Database, sessionMessages } from "@codeclass/db";
import { chatSendInput } from "@codeclass/validators";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireFloor } from "../floor/require-floor.ts";
import { lockSessionChat } from "./lock.ts";
import { type ChatMessage, publicMessage } from "./public-message.ts";
import { checkChatRate } from "./rate-limit.ts";

/** A member says something in a session's chat (before or while it is live), to everyone or privately to staff. */
export async function send(db: Database, actor: Actor, raw: z.input<typeof chatSendInput>): Promise<ChatMessage> {
  const input = chatSendInput.parse(raw);
  return db.transaction(async (tx) => {
    await requireFloor(tx, actor, input.sessionId, "open");
    await checkChatRate(tx, actor.id);
    await lockSessionChat(tx, input.sessionId);
    const [row] = await tx
      .insert(sessionMessages)
      .values({
        sessionId: input.sessionId,
        authorId: actor.id,
        body: input.body,
        toStaff: input.toStaff,
        createdAt: sql`clock_timestamp()`,
      })
      .returning();
    const [author] = await tx.execute<{ name: string }>(sql`select name from "user" where id = ${actor.id}`);
    await notifyFloor(tx, { sessionId: input.sessionId, kind: "chat" });
    return publicMessage({ ...row!, authorName: author?.name ?? "" });
  });
}
