import { type DbOrTx, runs } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";

/** The run, if the actor may watch it: its owner, and the course's staff (and admins). */
export async function runForViewer(db: DbOrTx, actor: Actor, runId: string) {
  const [run] = await db
    .select({ id: runs.id, userId: runs.userId, courseId: runs.courseId, status: runs.status })
    .from(runs)
    .where(eq(runs.id, runId));
  if (!run) throw notFound(`No run has id ${runId}`, "runId");
  if (run.userId !== actor.id) {
    const access = await requireCourse(db, actor, run.courseId, "view");
    if (!access.canSeeRoster) throw forbidden("Only the run's owner and the course's staff can see this run");
  }
  return run;
}
