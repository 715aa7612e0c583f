import { type DbOrTx, user, workspaces } from "@codeclass/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";
import { removedRefusal } from "../session/removed.ts";
import { type CourseRow, courseAccess } from "./course-access.ts";
import { groupWorkspaceStanding } from "./group-workspace.ts";

export type WorkspaceRow = typeof workspaces.$inferSelect;

export interface WorkspaceAccess {
  workspace: WorkspaceRow;
  ownerName: string | null;
  course: CourseRow;
  /** Course staff (instructors, TAs) and admins. */
  staff: boolean;
  canRead: boolean;
  /** Edit it (and run it); never in an archived course. */
  canWrite: boolean;
  /** Why the actor may not read it, when they may not. */
  refusal: string | null;
}

/**
 * The access rules of docs/collab.md: a student workspace is its owner's (while enrolled) and
 * the course staff's; the demo is written by staff and read by members; a breakout group's is
 * its current members' (written while the round is open, read after the recall) and the staff's;
 * archived: read-only.
 */
export async function workspaceAccess(db: DbOrTx, actor: Actor, workspaceId: string): Promise<WorkspaceAccess> {
  const [row] = await db
    .select({ workspace: workspaces, ownerName: user.name })
    .from(workspaces)
    .leftJoin(user, eq(user.id, workspaces.ownerId))
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound(`No workspace has id ${workspaceId}`, "workspaceId");
  const access = await courseAccess(db, actor, row.workspace.courseId);
  const staff = access.canSeeRoster;
  const archived = access.course.archivedAt !== null;
  let canRead: boolean;
  let refusal: string | null = null;
  let groupOpen = false;
  if (row.workspace.kind === "group") {
    const standing = await groupWorkspaceStanding(db, workspaceId, actor.id);
    groupOpen = standing?.open ?? false;
    canRead = staff || (access.canView && standing?.member === true);
    if (!canRead)
      refusal = standing?.removed
        ? removedRefusal
        : "not your group's workspace: only its group's members and the course's instructors and TAs can open it";
  } else if (row.workspace.kind === "student") {
    canRead = staff || (access.canView && row.workspace.ownerId === actor.id);
    if (!canRead) refusal = "not your workspace: only its owner and the course's instructors and TAs can open it";
  } else {
    canRead = access.canView;
    if (!canRead) refusal = "not your course: only the course's members can open its demo workspace";
  }
  const canWrite = canRead && !archived && (row.workspace.kind === "student" || staff || (row.workspace.kind === "group" && groupOpen));
  return { workspace: row.workspace, ownerName: row.ownerName ?? null, course: access.course, staff, canRead, canWrite, refusal };
}
