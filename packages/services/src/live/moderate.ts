import type { Database } from "@codeclass/db";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { conflict } from "../errors.ts";
import { requireSession } from "../session/require-session.ts";
import { type LiveKitConfig, requireVideo } from "./config.ts";
import { sessionRooms } from "./session-rooms.ts";

/**
 * Runs a moderation call on a live session's rooms for its staff, then writes it to the audit
 * log (only once LiveKit has done it). The call gets every room a participant may be in (the
 * main room first, then the breakout groups'): a student moved into a group is not in the main room.
 */
export async function moderate<T>(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  sessionId: string,
  action: string,
  data: Record<string, unknown>,
  call: (video: LiveKitConfig, rooms: string[]) => Promise<T>,
): Promise<T> {
  const video = requireVideo(config);
  const { session } = await requireSession(db, actor, sessionId, "staff");
  if (session.status !== "live") throw conflict("this session is not live: there is nobody in its room to moderate");
  const result = await call(video, await sessionRooms(db, sessionId));
  await recordAudit(db, { actorId: actor.id, action, targetType: "session", targetId: sessionId, courseId: session.courseId, data });
  return result;
}

/** The user id in an identity made by live.join (`<user id>#<suffix>`). */
export const userIdOfIdentity = (identity: string) => identity.split("#")[0] ?? identity;
