import { type Database, sessionMessages } from "@codeclass/db";
import { chatDeleteInput } from "@codeclass/validators";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { notFound } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireSession } from "../session/require-session.ts";
import { lockSessionChat } from "./lock.ts";
import { type ChatMessage, publicMessage, selectMessages } from "./public-message.ts";

/** Staff remove a message's text; it stays in its place as "deleted by staff". Deleting it again changes nothing. */
async function deleteMessage(db: Database, actor: Actor, raw: z.input<typeof chatDeleteInput>): Promise<ChatMessage> {
  const input = chatDeleteInput.parse(raw);
  return db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, input.sessionId, "staff");
    await lockSessionChat(tx, input.sessionId);
    const inSession = and(eq(sessionMessages.id, input.messageId), eq(sessionMessages.sessionId, input.sessionId));
    const changed = await tx
      .update(sessionMessages)
      .set({ deletedAt: sql`clock_timestamp()`, deletedBy: actor.id, seq: sql`nextval(pg_get_serial_sequence('session_messages', 'seq'))` })
      .where(and(inSession, sql`${sessionMessages.deletedAt} is null`))
      .returning({ id: sessionMessages.id });
    const [row] = await selectMessages(tx).where(inSession);
    if (!row) throw notFound(`No message ${input.messageId} in this session`, "messageId");
    if (changed.length > 0) {
      await notifyFloor(tx, { sessionId: input.sessionId, kind: "chat" });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "chat.delete",
        targetType: "session",
        targetId: input.sessionId,
        courseId: session.courseId,
        data: { messageId: input.messageId, authorId: row.authorId },
      });
    }
    return publicMessage(row);
  });
}

export { deleteMessage as delete };
