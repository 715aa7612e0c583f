import { breakoutGroups, breakoutMembers, courseSessions, type DbOrTx, sessionBreakouts } from "@codeclass/db";
import { and, eq } from "drizzle-orm";
import { removedWhileRunning } from "../session/removed.ts";

/**
 * A group workspace's standing for one user: whether they are in its group now, and whether its
 * breakout round is still open (not recalled, timer not run out). Null: no group holds it.
 */
export async function groupWorkspaceStanding(db: DbOrTx, workspaceId: string, userId: string) {
  const [row] = await db
    .select({
      closedAt: sessionBreakouts.closedAt,
      endsAt: sessionBreakouts.endsAt,
      memberGroup: breakoutMembers.groupId,
      groupId: breakoutGroups.id,
      removedUsers: courseSessions.removedUsers,
      status: courseSessions.status,
    })
    .from(breakoutGroups)
    .innerJoin(sessionBreakouts, eq(sessionBreakouts.id, breakoutGroups.breakoutId))
    .innerJoin(courseSessions, eq(courseSessions.id, sessionBreakouts.sessionId))
    .leftJoin(breakoutMembers, and(eq(breakoutMembers.breakoutId, breakoutGroups.breakoutId), eq(breakoutMembers.userId, userId)))
    .where(eq(breakoutGroups.workspaceId, workspaceId))
    .limit(1);
  if (!row) return null;
  const open = row.closedAt === null && (row.endsAt === null || row.endsAt.getTime() > Date.now());
  // Removed from the session by staff (live.remove): out of its groups' workspaces while it runs.
  const removed = removedWhileRunning(row, userId);
  return { member: row.memberGroup === row.groupId && !removed, open, removed };
}
