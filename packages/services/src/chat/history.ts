import type { Database } from "@codeclass/db";
import { sessionMessages } from "@codeclass/db";
import { chatHistoryInput } from "@codeclass/validators";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";
import { type ChatMessage, publicMessage, selectMessages, visibleIn } from "./public-message.ts";

export interface ChatHistory {
  /** Oldest first. */
  messages: ChatMessage[];
  /** Whether older messages remain (ask again with `before` the first id). */
  hasMore: boolean;
  /** Where `chat.events` continues from so that nothing is missed or repeated: the last change this page reflects. */
  cursor: string;
}

/** A page of a session's chat as the caller may see it, newest page first; readable after the session ends too. */
export async function history(db: Database, actor: Actor, raw: z.input<typeof chatHistoryInput>): Promise<ChatHistory> {
  const input = chatHistoryInput.parse(raw);
  // One snapshot for the page and the cursor: a change after it is numbered after the cursor.
  return db.transaction(
    async (tx) => {
      const { staff } = await requireSession(tx, actor, input.sessionId, "view");
      const where = input.before
        ? and(visibleIn(input.sessionId, actor, staff), lt(sessionMessages.id, input.before))
        : visibleIn(input.sessionId, actor, staff);
      const rows = await selectMessages(tx)
        .where(where)
        .orderBy(desc(sessionMessages.id))
        .limit(input.limit + 1);
      const [last] = await tx
        .select({ seq: sql<string>`coalesce(max(${sessionMessages.seq}), 0)::text` })
        .from(sessionMessages)
        .where(eq(sessionMessages.sessionId, input.sessionId));
      return {
        messages: rows.slice(0, input.limit).reverse().map(publicMessage),
        hasMore: rows.length > input.limit,
        cursor: last?.seq ?? "0",
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
