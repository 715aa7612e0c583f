import type { DbOrTx } from "@codeclass/db";
import { sessionMessages } from "@codeclass/db";
import { and, gt } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";
import { type ChatMessage, publicMessage, selectMessages, visibleIn } from "./public-message.ts";

/** How many changes readEvents returns at most. */
export const chatEventsPage = 200;

/**
 * The chat's changes after `afterSeq` that the caller may see, in order: each is the message's
 * current state (new, or deleted by staff). Access is checked on every read, so someone who
 * leaves the course stops receiving.
 */
export async function readEvents(
  db: DbOrTx,
  actor: Actor,
  sessionId: string,
  afterSeq: number,
  limit = chatEventsPage,
): Promise<ChatMessage[]> {
  const { staff } = await requireSession(db, actor, sessionId, "view");
  const rows = await selectMessages(db)
    .where(and(visibleIn(sessionId, actor, staff), gt(sessionMessages.seq, afterSeq)))
    .orderBy(sessionMessages.seq)
    .limit(limit);
  return rows.map(publicMessage);
}
