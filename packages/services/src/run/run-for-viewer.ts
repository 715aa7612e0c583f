import { type DbOrTx, runs } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { courseAccess, workspaceAccess } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";

/**
 * The run, if the actor may watch it ("watch") or type into and stop it ("control"). Its starter
 * and the course's staff (and admins) may do both. A run in a workspace may also be watched by
 * whoever may open that workspace (its owner; every member, for the demo) and controlled by
 * whoever may edit it (the student who owns it), so a run the teacher starts in a student's
 * workspace is the student's too.
 */
export async function runForViewer(db: DbOrTx, actor: Actor, runId: string, need: "watch" | "control" = "watch") {
  const [run] = await db
    .select({ id: runs.id, userId: runs.userId, courseId: runs.courseId, workspaceId: runs.workspaceId, status: runs.status })
    .from(runs)
    .where(eq(runs.id, runId));
  if (!run) throw notFound(`No run has id ${runId}`, "runId");
  if (run.userId === actor.id) return run;
  const course = await courseAccess(db, actor, run.courseId);
  if (course.canSeeRoster) return run;
  if (run.workspaceId) {
    const ws = await workspaceAccess(db, actor, run.workspaceId);
    if (need === "watch" ? ws.canRead : ws.canWrite) return run;
    if (ws.canRead) throw forbidden("Only the run's starter, the workspace's owner and the course's staff can type into or stop this run");
  }
  throw forbidden("Only the run's owner and the course's staff can see this run");
}
