import { courseSessions, type Database, enrollments, livekitWebhookEvents, sessionAttendance, user } from "@codeclass/db";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { type WebhookEvent, WebhookReceiver } from "livekit-server-sdk";
import { recordAudit } from "../audit.ts";
import { markEnded } from "../session/mark-ended.ts";
import type { LiveKitConfig } from "./config.ts";
import { applyEgressInfo } from "./egress.ts";
import { userIdOfIdentity } from "./moderate.ts";
import { deleteRooms, parseMetadata, roomName, roomService, sessionIdOfRoom, unlessMissing } from "./room.ts";
import { breakoutRooms } from "./session-rooms.ts";

/** A delivery older (or further in the future) than this is refused as a replay. */
export const webhookMaxAgeMs = 5 * 60_000;

/** A delivery that is not LiveKit's, or not fresh: answered 401. */
export class WebhookRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookRefused";
  }
}

/**
 * Verifies a LiveKit webhook delivery (its JWT signed with the API secret, whose sha256 claim is
 * the body's hash), refuses a stale one, and applies it once per event id: participant
 * joined/left open and close attendance intervals; the main room finished ends the session (and
 * deletes its breakout groups' rooms); egress started/updated/ended keep a recording's status,
 * file location and times current.
 */
export async function receiveWebhook(
  db: Database,
  config: LiveKitConfig,
  body: string,
  authorization: string | undefined,
  now = new Date(),
) {
  let event: WebhookEvent;
  try {
    event = await new WebhookReceiver(config.apiKey, config.apiSecret).receive(body, authorization);
  } catch (e) {
    throw new WebhookRefused(`not a valid LiveKit delivery: ${(e as Error).message}`);
  }
  const createdAt = new Date(Number(event.createdAt) * 1000);
  if (!event.id || !event.createdAt) throw new WebhookRefused("the delivery has no event id or creation time");
  if (Math.abs(now.getTime() - createdAt.getTime()) > webhookMaxAgeMs)
    throw new WebhookRefused(`the delivery was made at ${createdAt.toISOString()}, more than ${webhookMaxAgeMs / 60_000} minutes from now`);

  // The breakout rooms of a session the main room's finish ended: deleted once the end is committed.
  let groupRooms: string[] = [];
  // A student staff removed who came back with a token minted before is disconnected before the
  // delivery is recorded: should LiveKit's call fail, the delivery fails and LiveKit sends it again.
  if (event.event === "participant_joined" && event.participant?.identity && event.room?.name)
    await disconnectIfRemoved(db, config, event.room.name, event.participant.identity);
  const result = await db.transaction(async (tx) => {
    const first = await tx
      .insert(livekitWebhookEvents)
      .values({ eventId: event.id, event: event.event, room: event.room?.name ?? event.egressInfo?.roomName ?? null, createdAt })
      .onConflictDoNothing()
      .returning({ id: livekitWebhookEvents.eventId });
    if (first.length === 0) return { applied: false, reason: "duplicate" as const };
    if (event.event.startsWith("egress_")) {
      // A recording's progress: started, updated (active, ending), ended (complete, failed, aborted).
      if (!event.egressInfo) return { applied: false, reason: "ignored" as const };
      if (!(await applyEgressInfo(tx, event.egressInfo, createdAt))) return { applied: false, reason: "unknown or older egress" as const };
      return { applied: true, reason: event.event };
    }
    const sessionId = event.room?.name ? sessionIdOfRoom(event.room.name) : null;
    const [session] = sessionId ? await tx.select().from(courseSessions).where(eq(courseSessions.id, sessionId)).limit(1) : [];
    if (!session) return { applied: false, reason: "unknown room" as const };

    const identity = event.participant?.identity;
    if (event.event === "participant_joined" && identity) {
      const userId = parseMetadata(event.participant?.metadata)?.userId ?? userIdOfIdentity(identity);
      const [known] = await tx.select({ id: user.id }).from(user).where(eq(user.id, userId)).limit(1);
      if (!known) return { applied: false, reason: "unknown user" as const };
      await tx.insert(sessionAttendance).values({ sessionId: session.id, userId, identity, joinedAt: createdAt });
    } else if (event.event === "participant_left" && identity) {
      await tx
        .update(sessionAttendance)
        .set({ leftAt: createdAt })
        .where(
          and(eq(sessionAttendance.sessionId, session.id), eq(sessionAttendance.identity, identity), isNull(sessionAttendance.leftAt)),
        );
    } else if (event.event === "room_finished" && event.room?.name === roomName(session.id)) {
      // Only the main room ends the session: a breakout group's room finishes when its group empties.
      if (await markEnded(tx, session.id, createdAt)) {
        await recordAudit(tx, {
          actorId: null,
          action: "session.end",
          targetType: "session",
          targetId: session.id,
          courseId: session.courseId,
          data: { by: "livekit room_finished" },
        });
        // Ended is ended for the groups too: nobody keeps their media in a group's room.
        groupRooms = await breakoutRooms(tx, session.id);
      }
    } else return { applied: false, reason: "ignored" as const };
    return { applied: true, reason: event.event };
  });
  if (groupRooms.length > 0) await deleteRooms(config, groupRooms);
  return result;
}

/**
 * Disconnects a participant who is a student staff removed from the session while it runs (by the
 * identity, which live.join signs). A removed student made staff since is left alone.
 */
async function disconnectIfRemoved(db: Database, config: LiveKitConfig, room: string, identity: string): Promise<void> {
  const sessionId = sessionIdOfRoom(room);
  if (!sessionId) return;
  const userId = userIdOfIdentity(identity);
  const [row] = await db
    .select({ role: enrollments.role })
    .from(courseSessions)
    .innerJoin(enrollments, and(eq(enrollments.courseId, courseSessions.courseId), eq(enrollments.userId, userId)))
    .where(and(eq(courseSessions.id, sessionId), ne(courseSessions.status, "ended"), sql`${userId} = any(${courseSessions.removedUsers})`))
    .limit(1);
  if (row?.role === "student") await unlessMissing(roomService(config).removeParticipant(room, identity), undefined);
}
