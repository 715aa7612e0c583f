import { type DbOrTx, user, workspaces } from "@codeclass/db";
import { assignmentRef } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";
import { createWorkspaces, type PublicWorkspace, publicWorkspace } from "../workspace/index.ts";
import { requireAssignment } from "./require-assignment.ts";

/**
 * The caller's workspace for an assignment (students of the course), created on first open from
 * the assignment's starter: a Yjs document like the course workspace, so the review panel, comments
 * and history replay work on it.
 */
export async function workspace(db: DbOrTx, actor: Actor, raw: z.input<typeof assignmentRef>): Promise<PublicWorkspace> {
  const { assignmentId } = assignmentRef.parse(raw);
  const { assignment, access } = await requireAssignment(db, actor, assignmentId, "view");
  if (access.myRole !== "student")
    throw forbidden("Only the course's students have assignment workspaces; open a student's from the review panel");
  const mine = and(eq(workspaces.assignmentId, assignmentId), eq(workspaces.ownerId, actor.id));
  let [row] = await db.select().from(workspaces).where(mine);
  if (!row) {
    const starter = assignment.starter
      ? { ...assignment.starter, language: assignment.starter.language ?? assignment.languages[0] ?? null, by: assignment.createdBy }
      : { files: [], language: assignment.languages[0] ?? null, entry: null, by: assignment.createdBy };
    await createWorkspaces(db, assignment.courseId, [{ ownerId: actor.id, kind: "student", assignmentId }], starter);
    [row] = await db.select().from(workspaces).where(mine);
  }
  const [me] = await db.select({ name: user.name }).from(user).where(eq(user.id, actor.id));
  return publicWorkspace(row!, me?.name ?? null, access.course.archivedAt !== null);
}
