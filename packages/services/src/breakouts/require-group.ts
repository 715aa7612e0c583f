import { breakoutGroups, breakoutMembers, type DbOrTx } from "@codeclass/db";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";
import { type BreakoutGroupRow, openBreakout } from "./current.ts";

/**
 * A group of the session's open round that the caller may enter: staff any group (to visit),
 * a student only their own. A group of a closed round, or of another session, is NOT_FOUND.
 */
export async function requireGroup(
  db: DbOrTx,
  actor: Actor,
  sessionId: string,
  groupId: string,
  staff: boolean,
): Promise<BreakoutGroupRow> {
  const round = await openBreakout(db, sessionId);
  const [group] = round
    ? await db
        .select()
        .from(breakoutGroups)
        .where(and(eq(breakoutGroups.id, groupId), eq(breakoutGroups.breakoutId, round.id)))
    : [];
  if (!group) throw notFound("no open breakout group of this session has this id: the groups may have been recalled", "groupId");
  if (staff) return group;
  const [member] = await db
    .select({ groupId: breakoutMembers.groupId })
    .from(breakoutMembers)
    .where(and(eq(breakoutMembers.breakoutId, round!.id), eq(breakoutMembers.userId, actor.id)));
  if (member?.groupId !== group.id) throw forbidden("not your group: students join only their own group's room");
  return group;
}
