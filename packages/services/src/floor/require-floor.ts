import type { DbOrTx } from "@codeclass/db";
import type { Actor } from "../actor.ts";
import { conflict } from "../errors.ts";
import { requireSession, type SessionAccess } from "../session/require-session.ts";

/**
 * A member's access to a session for taking part: while it is live (`live`), or also before it
 * starts (`open`); afterwards what was said stays readable but nothing new is accepted.
 */
export async function requireFloor(db: DbOrTx, actor: Actor, sessionId: string, when: "open" | "live"): Promise<SessionAccess> {
  const access = await requireSession(db, actor, sessionId, "view");
  const { status } = access.session;
  if (status === "ended") throw conflict("this session has ended; its chat is kept but closed", "sessionId");
  if (when === "live" && status !== "live") throw conflict("this session has not started yet; wait until staff start it", "sessionId");
  return access;
}
