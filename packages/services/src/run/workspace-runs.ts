import { type DbOrTx, runs, user } from "@codeclass/db";
import { runWatchWorkspaceInput } from "@codeclass/validators";
import { and, asc, eq, gt, or } from "drizzle-orm";
import type { z } from "zod";
import { requireWorkspace } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { activeRuns, notPollTestRun } from "./active.ts";

/** A run in a workspace, as run.watchWorkspace announces it. */
export interface WorkspaceRun {
  runId: string;
  /** Who pressed Run (the workspace's owner, or one of the course's staff). */
  startedBy: { id: string; name: string };
  language: string;
  status: "queued" | "running" | "finished";
  createdAt: Date;
}

/**
 * The workspace's active runs, and (with `createdAfter`) every run queued after that time, oldest
 * first, for whoever may open the workspace (workspace.get's rule); checked on every call.
 */
export async function workspaceRuns(
  db: DbOrTx,
  actor: Actor,
  raw: z.input<typeof runWatchWorkspaceInput>,
  options: { createdAfter?: Date } = {},
): Promise<WorkspaceRun[]> {
  const { workspaceId } = runWatchWorkspaceInput.parse(raw);
  await requireWorkspace(db, actor, workspaceId, "read");
  return db
    .select({
      runId: runs.id,
      startedBy: { id: user.id, name: user.name },
      language: runs.language,
      status: runs.status,
      createdAt: runs.createdAt,
    })
    .from(runs)
    .innerJoin(user, eq(user.id, runs.userId))
    .where(
      and(
        eq(runs.workspaceId, workspaceId),
        options.createdAfter ? or(activeRuns, gt(runs.createdAt, options.createdAfter)) : activeRuns,
        // A code question's test runs are not the workspace's: they run one file against tests the student may not see.
        notPollTestRun,
      ),
    )
    .orderBy(asc(runs.createdAt), asc(runs.id));
}
