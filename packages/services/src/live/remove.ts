import { breakoutMembers, courseSessions, type Database, enrollments, sessionBreakouts, user } from "@codeclass/db";
import { liveReadmitInput, liveRemoveInput, sessionRef } from "@codeclass/validators";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import { requireSession } from "../session/require-session.ts";
import { notifyWhiteboard } from "../whiteboard/notify.ts";
import type { LiveKitConfig } from "./config.ts";
import { moderate, userIdOfIdentity } from "./moderate.ts";
import { roomService, unlessMissing } from "./room.ts";

/**
 * Staff disconnect a participant from whichever of the session's rooms they are in, the main room
 * or a breakout group's. A student of the course is also kept out of the session until staff let
 * them back in (`readmit`): every connection of theirs (a second tab) goes, and the session refuses
 * them a token, its chat, polls, hands and whiteboard (requireSession); one who comes back with a
 * token minted before is disconnected again when LiveKit reports the join (webhook.ts); they leave
 * the open breakout round's groups (and their group's workspace). Staff are only disconnected: they
 * run the session. The student is kept out before anyone is disconnected, so a reconnect in between
 * finds the door shut. Streams already open end at their next access check (within about 19 s).
 * Once the session has ended, its record, chat and recordings are open to them again.
 */
export async function remove(db: Database, config: LiveKitConfig | null | undefined, actor: Actor, raw: z.input<typeof liveRemoveInput>) {
  const { sessionId, identity } = liveRemoveInput.parse(raw);
  const userId = userIdOfIdentity(identity);
  return moderate(db, config, actor, sessionId, "live.remove", { identity, userId }, async (video, rooms) => {
    const keptOut = await keepOut(db, actor, sessionId, userId);
    const service = roomService(video);
    for (const room of rooms) {
      const theirs = new Set([identity]);
      if (keptOut)
        for (const p of await unlessMissing(service.listParticipants(room), []))
          if (userIdOfIdentity(p.identity) === userId) theirs.add(p.identity);
      for (const one of theirs) await unlessMissing(service.removeParticipant(room, one), undefined);
    }
    return { identity, keptOut };
  });
}

/**
 * Adds a student of the session's course to its removed users, takes them out of the open breakout
 * round's groups, and audits it, in one transaction (so the removal is on record even when
 * LiveKit then fails); false (nothing written) for anyone else.
 */
async function keepOut(db: Database, actor: Actor, sessionId: string, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: enrollments.role, courseId: courseSessions.courseId })
      .from(courseSessions)
      .innerJoin(enrollments, and(eq(enrollments.courseId, courseSessions.courseId), eq(enrollments.userId, userId)))
      .where(eq(courseSessions.id, sessionId))
      .limit(1);
    if (member?.role !== "student") return false;
    await tx
      .update(courseSessions)
      .set({ removedUsers: sql`array_append(${courseSessions.removedUsers}, ${userId})` })
      .where(and(eq(courseSessions.id, sessionId), sql`not (${userId} = any(${courseSessions.removedUsers}))`));
    const left = await tx
      .delete(breakoutMembers)
      .where(
        and(
          eq(breakoutMembers.userId, userId),
          inArray(
            breakoutMembers.breakoutId,
            tx
              .select({ id: sessionBreakouts.id })
              .from(sessionBreakouts)
              .where(and(eq(sessionBreakouts.sessionId, sessionId), isNull(sessionBreakouts.closedAt))),
          ),
        ),
      )
      .returning({ groupId: breakoutMembers.groupId });
    if (left.length > 0) await notifyFloor(tx, { sessionId, kind: "breakouts" });
    // Their whiteboard connection is closed now, not at the next access check.
    await notifyWhiteboard(tx, sessionId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "live.keepOut",
      targetType: "session",
      targetId: sessionId,
      courseId: member.courseId,
      data: { userId },
    });
    return true;
  });
}

/** Staff let a student they removed from the session back in; audited. */
export async function readmit(db: Database, actor: Actor, raw: z.input<typeof liveReadmitInput>) {
  const { sessionId, userId } = liveReadmitInput.parse(raw);
  return db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, sessionId, "staff", true);
    if (!session.removedUsers.includes(userId)) throw badRequest("was not removed from this session", "userId");
    await tx
      .update(courseSessions)
      .set({ removedUsers: session.removedUsers.filter((id) => id !== userId) })
      .where(eq(courseSessions.id, sessionId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "live.readmit",
      targetType: "session",
      targetId: sessionId,
      courseId: session.courseId,
      data: { userId },
    });
    return { userId, readmitted: true };
  });
}

/** The students staff removed from the session (for staff), with their names. */
export async function removed(db: Database, actor: Actor, raw: z.input<typeof sessionRef>) {
  const { sessionId } = sessionRef.parse(raw);
  const { session } = await requireSession(db, actor, sessionId, "staff");
  if (session.removedUsers.length === 0) return [];
  const names = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, session.removedUsers));
  const byId = new Map(names.map((u) => [u.id, u.name]));
  return session.removedUsers.map((id) => ({ userId: id, name: byId.get(id) ?? "" }));
}
