import type { Connection, Hocuspocus } from "@hocuspocus/server";

/** What each document connection carries (Hocuspocus context). */
export interface CollabContext {
  userId: string;
  /** The signed-in user's name as others see it (`displayName`). */
  userName: string;
  /** The workspace of a `workspace:<id>` document; "" for a whiteboard. */
  workspaceId: string;
  /** The live session of a `whiteboard:<session id>` document; null for a workspace. */
  whiteboard: string | null;
  /** The better-auth session the connection was opened with. */
  sessionId: string;
  /** When that session expires (ms since the epoch; moved on when better-auth extends it). */
  sessionExpiresAt: number;
  /** Set once the session is known to be gone: why (the connection is being closed). */
  sessionEnded: string | null;
  /** Course staff or admin: may delete others' comments, and always draw on whiteboards. */
  staff: boolean;
  /**
   * A breakout group's workspace (kind "group"): who may open it changes with the group (a move,
   * the recall), so such connections are checked again as soon as the session's breakouts change.
   */
  group: boolean;
}

/** Every authenticated connection of every open document, with its context. */
export function* openConnections(instance: Hocuspocus): Generator<{ connection: Connection; ctx: CollabContext }> {
  for (const document of instance.documents.values())
    for (const connection of document.getConnections()) {
      const ctx = connection.context as CollabContext | undefined;
      if (ctx) yield { connection, ctx };
    }
}
