import { assignmentRegrades, type DbOrTx } from "@codeclass/db";
import { assignmentRef } from "@codeclass/validators";
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireAssignment } from "./require-assignment.ts";

/** The latest regrade of an assignment (staff): submissions done of total; null when there was none. */
export async function regradeProgress(db: DbOrTx, actor: Actor, raw: z.input<typeof assignmentRef>) {
  const { assignmentId } = assignmentRef.parse(raw);
  const { assignment } = await requireAssignment(db, actor, assignmentId, "staff");
  const [row] = await db
    .select()
    .from(assignmentRegrades)
    .where(eq(assignmentRegrades.assignmentId, assignmentId))
    .orderBy(desc(assignmentRegrades.id))
    .limit(1);
  return {
    testsVersion: assignment.testsVersion,
    latest: row ? { id: row.id, total: row.total, done: row.done, createdAt: row.createdAt, finishedAt: row.finishedAt } : null,
  };
}
