import { breakoutGroups, type DbOrTx, sessionBreakouts } from "@codeclass/db";
import { asc, desc, eq } from "drizzle-orm";
import { groupsOf } from "../breakouts/current.ts";
import { breakoutRoomName, roomName } from "./room.ts";

/**
 * The rooms a participant of a session may be in now: the main room, then the group rooms of its
 * latest breakout round. Students moved into a group are in its room, not the main one, so
 * moderation must look there too. A closed latest round counts as well: its timer's job deletes
 * its rooms only after the round closed, and until then people are still in them.
 */
export async function sessionRooms(db: DbOrTx, sessionId: string): Promise<string[]> {
  const [latest] = await db
    .select({ id: sessionBreakouts.id })
    .from(sessionBreakouts)
    .where(eq(sessionBreakouts.sessionId, sessionId))
    .orderBy(desc(sessionBreakouts.createdAt), desc(sessionBreakouts.id))
    .limit(1);
  return [roomName(sessionId), ...(latest ? await roundRooms(db, sessionId, latest.id) : [])];
}

/** The LiveKit rooms of one breakout round's groups. */
export async function roundRooms(db: DbOrTx, sessionId: string, breakoutId: string): Promise<string[]> {
  return (await groupsOf(db, breakoutId)).map((g) => breakoutRoomName(sessionId, g.id));
}

/**
 * Every breakout group room the session has had, recalled rounds' too: ending the session
 * deletes them all, since a delete that failed before (or a timer job not run yet) leaves a
 * room running with students in it.
 */
export async function breakoutRooms(db: DbOrTx, sessionId: string): Promise<string[]> {
  const groups = await db
    .select({ id: breakoutGroups.id })
    .from(breakoutGroups)
    .innerJoin(sessionBreakouts, eq(sessionBreakouts.id, breakoutGroups.breakoutId))
    .where(eq(sessionBreakouts.sessionId, sessionId))
    .orderBy(asc(sessionBreakouts.createdAt), asc(breakoutGroups.number));
  return groups.map((g) => breakoutRoomName(sessionId, g.id));
}
