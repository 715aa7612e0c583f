import { type DbOrTx, sessionMessages, user } from "@codeclass/db";
import { and, eq, or, type SQL } from "drizzle-orm";
import type { Actor } from "../actor.ts";

/** A chat message as a member sees it; a deleted one keeps its place without its text. */
export interface ChatMessage {
  id: number;
  /** The change number: a stream resumes after it (`lastEventId`). */
  seq: number;
  sessionId: string;
  author: { id: string; name: string };
  /** The text exactly as sent; null once staff deleted it. */
  body: string | null;
  toStaff: boolean;
  createdAt: Date;
  deleted: boolean;
}

/** The columns a ChatMessage is built from (join `user` on the author). */
export const messageColumns = {
  id: sessionMessages.id,
  seq: sessionMessages.seq,
  sessionId: sessionMessages.sessionId,
  authorId: sessionMessages.authorId,
  authorName: user.name,
  body: sessionMessages.body,
  toStaff: sessionMessages.toStaff,
  createdAt: sessionMessages.createdAt,
  deletedAt: sessionMessages.deletedAt,
};

interface Row {
  id: number;
  seq: number;
  sessionId: string;
  authorId: string;
  authorName: string;
  body: string;
  toStaff: boolean;
  createdAt: Date;
  deletedAt: Date | null;
}

export function publicMessage(row: Row): ChatMessage {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    seq: row.seq,
    sessionId: row.sessionId,
    author: { id: row.authorId, name: row.authorName },
    body: deleted ? null : row.body,
    toStaff: row.toStaff,
    createdAt: row.createdAt,
    deleted,
  };
}

/** The messages of a session the viewer may see: staff see all, others the public ones and their own private ones. */
export function visibleIn(sessionId: string, viewer: Actor, staff: boolean): SQL {
  const inSession = eq(sessionMessages.sessionId, sessionId);
  if (staff) return inSession;
  return and(inSession, or(eq(sessionMessages.toStaff, false), eq(sessionMessages.authorId, viewer.id)))!;
}

/** Whether the viewer may see the message: the same rule as `visibleIn`, for messages already read. */
export function visibleTo(message: ChatMessage, viewer: Actor, staff: boolean): boolean {
  return staff || !message.toStaff || message.author.id === viewer.id;
}

/** Selects messages with their author's name. */
export const selectMessages = (db: DbOrTx) =>
  db.select(messageColumns).from(sessionMessages).innerJoin(user, eq(user.id, sessionMessages.authorId));
