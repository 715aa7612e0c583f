import { type DbOrTx, sessionHands, user } from "@codeclass/db";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { requireSession } from "../session/require-session.ts";

export interface RaisedHand {
  userId: string;
  name: string;
  raisedAt: Date;
  /** 1 for the first hand raised. */
  position: number;
}

/**
 * The hand queue as the caller may see it: staff get the whole queue in order; everyone gets
 * their own hand (raised or not, and their place) and how many hands are up.
 */
export interface HandsState {
  sessionId: string;
  staff: boolean;
  mine: { raised: false } | { raised: true; position: number; raisedAt: Date };
  /** In order; null for students, who see only their own place. */
  queue: RaisedHand[] | null;
}

/** The open hands of a session in the order they were raised. */
export async function openHands(db: DbOrTx, sessionId: string): Promise<RaisedHand[]> {
  const rows = await db
    .select({ userId: sessionHands.userId, name: user.name, raisedAt: sessionHands.raisedAt })
    .from(sessionHands)
    .innerJoin(user, eq(user.id, sessionHands.userId))
    .where(and(eq(sessionHands.sessionId, sessionId), isNull(sessionHands.loweredAt)))
    .orderBy(asc(sessionHands.raisedAt), asc(sessionHands.id));
  return rows.map((r, i) => ({ ...r, position: i + 1 }));
}

/** The caller's view of a session's hands (any member; also after the session ends, when it is empty). */
export async function state(db: DbOrTx, actor: Actor, raw: { sessionId: string }): Promise<HandsState> {
  const { staff } = await requireSession(db, actor, raw.sessionId, "view");
  return viewOf(raw.sessionId, actor, staff, await openHands(db, raw.sessionId));
}

/** The queue as `actor` may see it (`staff` from requireSession): the whole of it for staff, their own place for others. */
export function viewOf(sessionId: string, actor: Actor, staff: boolean, queue: RaisedHand[]): HandsState {
  const own = queue.find((h) => h.userId === actor.id);
  return {
    sessionId,
    staff,
    mine: own ? { raised: true, position: own.position, raisedAt: own.raisedAt } : { raised: false },
    queue: staff ? queue : null,
  };
}
