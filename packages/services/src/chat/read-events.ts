import type { DbOrTx } from "@codeclass/db";
import { sessionMessages } from "@codeclass/db";
import { and, eq, gt } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { type ChatMessage, publicMessage, selectMessages, visibleIn } from "./public-message.ts";

/** How many changes readEvents returns at most. */
export const chatEventsPage = 200;

/**
 * The chat's changes after `afterSeq` that the caller may see, in order: each is the message's
 * current state (new, or deleted by staff). `staff` is the caller's standing as `requireSession`
 * found it; a stream checks it again now and then (`readEvents` is called on every message, by
 * every follower, so it does not repeat the check each time).
 */
export async function readEvents(
  db: DbOrTx,
  viewer: { actor: Actor; staff: boolean },
  sessionId: string,
  afterSeq: number,
  limit = chatEventsPage,
): Promise<ChatMessage[]> {
  const { actor, staff } = viewer;
  const rows = await selectMessages(db)
    .where(and(visibleIn(sessionId, actor, staff), gt(sessionMessages.seq, afterSeq)))
    .orderBy(sessionMessages.seq)
    .limit(limit);
  return rows.map(publicMessage);
}

/**
 * Every change of the session's chat after `afterSeq`, as staff see it, for a stream that reads
 * once for all of a process's followers and shows each what `visibleTo` lets them see.
 */
export async function readAllEvents(db: DbOrTx, sessionId: string, afterSeq: number, limit = chatEventsPage): Promise<ChatMessage[]> {
  const rows = await selectMessages(db)
    .where(and(eq(sessionMessages.sessionId, sessionId), gt(sessionMessages.seq, afterSeq)))
    .orderBy(sessionMessages.seq)
    .limit(limit);
  return rows.map(publicMessage);
}
