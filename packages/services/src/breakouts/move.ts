import { breakoutMembers, type Database } from "@codeclass/db";
import { breakoutMoveInput } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { badRequest } from "../errors.ts";
import { notifyFloor } from "../floor/notify.ts";
import type { LiveKitConfig } from "../live/config.ts";
import { userIdOfIdentity } from "../live/moderate.ts";
import { breakoutRoomName, parseMetadata, roomService, unlessMissing } from "../live/room.ts";
import { requireSession } from "../session/require-session.ts";
import { groupsOf, requireOpenBreakout } from "./current.ts";
import { studentsAmong } from "./pool.ts";
import { type BreakoutsState, readState } from "./state.ts";

/**
 * Staff move a student to another group (or put a latecomer in one). The student loses the old
 * group's workspace at once and, with video, is disconnected from the old group's room.
 */
export async function move(
  db: Database,
  config: LiveKitConfig | null | undefined,
  actor: Actor,
  raw: z.input<typeof breakoutMoveInput>,
): Promise<BreakoutsState> {
  const input = breakoutMoveInput.parse(raw);
  const { state, from } = await db.transaction(async (tx) => {
    const { session } = await requireSession(tx, actor, input.sessionId, "staff", true);
    const round = await requireOpenBreakout(tx, session.id);
    const groups = await groupsOf(tx, round.id);
    const to = groups.find((g) => g.number === input.group);
    if (!to) throw badRequest(`there is no group ${input.group}: the groups are 1 to ${groups.length}`, "group");
    if ((await studentsAmong(tx, session.courseId, [input.userId])).length === 0)
      throw badRequest(`${input.userId} is not a student of this course`, "userId");
    if (session.removedUsers.includes(input.userId))
      throw badRequest(`${input.userId} was removed from this session by staff: let them back in first`, "userId");
    const [before] = await tx
      .select({ groupId: breakoutMembers.groupId })
      .from(breakoutMembers)
      .where(and(eq(breakoutMembers.breakoutId, round.id), eq(breakoutMembers.userId, input.userId)));
    await tx
      .insert(breakoutMembers)
      .values({ breakoutId: round.id, userId: input.userId, groupId: to.id })
      .onConflictDoUpdate({ target: [breakoutMembers.breakoutId, breakoutMembers.userId], set: { groupId: to.id } });
    const from = before && before.groupId !== to.id ? groups.find((g) => g.id === before.groupId) : undefined;
    await recordAudit(tx, {
      actorId: actor.id,
      action: "breakout.move",
      targetType: "session",
      targetId: session.id,
      courseId: session.courseId,
      data: { breakoutId: round.id, userId: input.userId, from: from?.number ?? null, to: to.number },
    });
    await notifyFloor(tx, { sessionId: session.id, kind: "breakouts" });
    return { state: await readState(tx, session.id, actor, true), from };
  });
  if (config && from) await leaveRoom(config, breakoutRoomName(input.sessionId, from.id), input.userId);
  return state;
}

/** Disconnects every connection of `userId` from a room (nobody there, or no room: nothing to do). */
export async function leaveRoom(config: LiveKitConfig, room: string, userId: string): Promise<void> {
  const rooms = roomService(config);
  const participants = await unlessMissing(rooms.listParticipants(room), []);
  for (const p of participants)
    if ((parseMetadata(p.metadata)?.userId ?? userIdOfIdentity(p.identity)) === userId)
      await unlessMissing(rooms.removeParticipant(room, p.identity), undefined);
}
