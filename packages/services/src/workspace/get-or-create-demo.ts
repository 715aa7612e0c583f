import { type DbOrTx, workspaces } from "@codeclass/db";
import { courseRef } from "@codeclass/validators";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { createWorkspaces } from "./create-workspaces.ts";
import { type PublicWorkspace, publicWorkspace } from "./public-workspace.ts";

/**
 * The course's demo workspace (the instructor's live code). Staff create it on first call;
 * for students it is read-only, and null until staff have opened it.
 */
export async function getOrCreateDemo(db: DbOrTx, actor: Actor, raw: z.input<typeof courseRef>): Promise<PublicWorkspace | null> {
  const { courseId } = courseRef.parse(raw);
  const access = await requireCourse(db, actor, courseId, "view");
  const staff = access.canSeeRoster;
  const isDemo = and(eq(workspaces.courseId, courseId), eq(workspaces.kind, "demo"));
  let [row] = await db.select().from(workspaces).where(isDemo);
  if (!row) {
    if (!staff) return null;
    await createWorkspaces(db, courseId, [{ ownerId: null, kind: "demo" }]);
    [row] = await db.select().from(workspaces).where(isDemo);
  }
  return publicWorkspace(row!, null, !staff || access.course.archivedAt !== null);
}
