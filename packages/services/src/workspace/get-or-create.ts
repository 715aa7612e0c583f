import { type DbOrTx, user, workspaces } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { createWorkspaces } from "./create-workspaces.ts";
import { type PublicWorkspace, publicWorkspace } from "./public-workspace.ts";

/** The caller's own workspace in a course, created on first open from the course template. */
export async function getOrCreate(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>): Promise<PublicWorkspace> {
  const { courseId } = courseRef.parse(raw);
  const access = await requireCourse(db, actor, courseId, "view");
  const mine = and(
    eq(workspaces.courseId, courseId),
    eq(workspaces.ownerId, actor.id),
    eq(workspaces.kind, "student"),
    isNull(workspaces.assignmentId),
  );
  let [row] = await db.select().from(workspaces).where(mine);
  if (!row) {
    // Two first opens at once: one insert wins, both read the same row.
    await createWorkspaces(db, courseId, [{ ownerId: actor.id, kind: "student" }]);
    [row] = await db.select().from(workspaces).where(mine);
  }
  const [me] = await db.select({ name: user.name }).from(user).where(eq(user.id, actor.id));
  return publicWorkspace(row!, me?.name ?? null, access.course.archivedAt !== null);
}
