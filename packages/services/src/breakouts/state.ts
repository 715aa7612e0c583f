import { breakoutBroadcasts, breakoutMembers, courseSessions, type DbOrTx, enrollments, user } from "@codeclass/db";
import { sessionRef, workspaceDocumentName } from "@codeclass/validators";
import { and, asc, eq, notExists } from "drizzle-orm";
import type { z } from "zod";
import { enrollmentInEffect } from "../access/enrollment-in-effect.ts";
import type { Actor } from "../actor.ts";
import { breakoutRoomName } from "../live/room.ts";
import { requireSession } from "../session/require-session.ts";
import { type BreakoutRow, groupsOf, openBreakout } from "./current.ts";

export interface BreakoutPerson {
  userId: string;
  name: string;
}

export interface BreakoutGroupView {
  id: string;
  /** 1 for the first group. */
  number: number;
  /** The group's LiveKit room (`live.join` with the group id). */
  room: string;
  /** The group's shared workspace and its /collab document. */
  workspaceId: string;
  documentName: string;
  members: BreakoutPerson[];
}

export interface BreakoutBroadcast {
  id: number;
  body: string;
  authorName: string | null;
  createdAt: Date;
}

/**
 * Breakouts as the caller may see them: staff see every group (and who is in none); a student
 * sees only their own group, with its members, plus the timer and the broadcasts.
 */
export interface BreakoutsState {
  sessionId: string;
  staff: boolean;
  breakout: {
    id: string;
    /** How the groups were made (staff only: a mixed-by-grade split's group numbers would hint at grades). */
    method: BreakoutRow["method"] | null;
    /** The random split's seed (staff only). */
    seed: string | null;
    /** When the timer recalls everyone; null: no timer. */
    endsAt: Date | null;
    createdAt: Date;
    groupCount: number;
    groups: BreakoutGroupView[];
    /** The caller's group, when they are in one. */
    myGroupId: string | null;
    broadcasts: BreakoutBroadcast[];
    /** Students of the course in no group (staff only; latecomers to move in). */
    unassigned: BreakoutPerson[] | null;
  } | null;
}

/** The session's breakouts as `actor` sees them (`staff` from requireSession); closes an expired round first. */
export async function readState(db: DbOrTx, sessionId: string, actor: Actor, staff: boolean): Promise<BreakoutsState> {
  const b = await openBreakout(db, sessionId);
  if (!b) return { sessionId, staff, breakout: null };
  const groups = await groupsOf(db, b.id);
  const members = await db
    .select({ groupId: breakoutMembers.groupId, userId: breakoutMembers.userId, name: user.name })
    .from(breakoutMembers)
    .innerJoin(user, eq(user.id, breakoutMembers.userId))
    .where(eq(breakoutMembers.breakoutId, b.id))
    .orderBy(asc(user.name), asc(user.id));
  const myGroupId = members.find((m) => m.userId === actor.id)?.groupId ?? null;
  const broadcasts = await db
    .select({ id: breakoutBroadcasts.id, body: breakoutBroadcasts.body, authorName: user.name, createdAt: breakoutBroadcasts.createdAt })
    .from(breakoutBroadcasts)
    .leftJoin(user, eq(user.id, breakoutBroadcasts.authorId))
    .where(eq(breakoutBroadcasts.breakoutId, b.id))
    .orderBy(asc(breakoutBroadcasts.id));
  const views: BreakoutGroupView[] = groups
    .filter((g) => staff || g.id === myGroupId)
    .map((g) => ({
      id: g.id,
      number: g.number,
      room: breakoutRoomName(sessionId, g.id),
      workspaceId: g.workspaceId,
      documentName: workspaceDocumentName(g.workspaceId),
      members: members.filter((m) => m.groupId === g.id).map(({ userId, name }) => ({ userId, name })),
    }));
  return {
    sessionId,
    staff,
    breakout: {
      id: b.id,
      method: staff ? b.method : null,
      seed: staff ? b.seed : null,
      endsAt: b.endsAt,
      createdAt: b.createdAt,
      groupCount: groups.length,
      groups: views,
      myGroupId,
      broadcasts,
      unassigned: staff ? await unassigned(db, sessionId, b.id) : null,
    },
  };
}

/** Enrolled students of the session's course who are in no group of the round. */
async function unassigned(db: DbOrTx, sessionId: string, breakoutId: string): Promise<BreakoutPerson[]> {
  return db
    .select({ userId: enrollments.userId, name: user.name })
    .from(courseSessions)
    .innerJoin(enrollments, and(eq(enrollments.courseId, courseSessions.courseId), eq(enrollments.role, "student")))
    .innerJoin(user, eq(user.id, enrollments.userId))
    .where(
      and(
        eq(courseSessions.id, sessionId),
        enrollmentInEffect(db),
        notExists(
          db
            .select({ one: breakoutMembers.userId })
            .from(breakoutMembers)
            .where(and(eq(breakoutMembers.breakoutId, breakoutId), eq(breakoutMembers.userId, enrollments.userId))),
        ),
      ),
    )
    .orderBy(asc(user.name), asc(user.id));
}

/** The caller's view of a session's breakouts (any member of its course). */
export async function state(db: DbOrTx, actor: Actor, raw: z.input<typeof sessionRef>): Promise<BreakoutsState> {
  const { sessionId } = sessionRef.parse(raw);
  const { staff } = await requireSession(db, actor, sessionId, "view");
  return readState(db, sessionId, actor, staff);
}
