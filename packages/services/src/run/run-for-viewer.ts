import { type DbOrTx, runs } from "@codeclass/db";
import { eq, sql } from "drizzle-orm";
import { courseAccess, workspaceAccess } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden, notFound } from "../errors.ts";
import { pollTestRun } from "./active.ts";

/**
 * The run, if the actor may watch it ("watch") or type into and stop it ("control"). Its starter
 * and the course's staff (and admins) may do both. A run in a workspace may also be watched by
 * whoever may open that workspace (its owner; every member, for the demo) and controlled by
 * whoever may edit it (the student who owns it), so a run the teacher starts in a student's
 * workspace is the student's too. A code question's test runs are for staff only.
 */
export async function runForViewer(db: DbOrTx, actor: Actor, runId: string, need: "watch" | "control" = "watch") {
  const [found] = await db
    .select({
      id: runs.id,
      userId: runs.userId,
      courseId: runs.courseId,
      workspaceId: runs.workspaceId,
      status: runs.status,
      pollTest: sql<boolean>`${pollTestRun}`,
    })
    .from(runs)
    .where(eq(runs.id, runId));
  if (!found) throw notFound(`No run has id ${runId}`, "runId");
  const { pollTest, ...run } = found;
  if (pollTest) {
    // A code question's test run holds a test's input (hidden from students until the reveal):
    // only staff watch it; its student sees the verdicts in the poll.
    if ((await courseAccess(db, actor, run.courseId)).canSeeRoster) return run;
    throw forbidden("This run tests an answer to a code question: its results are in the poll");
  }
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
