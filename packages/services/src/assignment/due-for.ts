import { assignmentExtensions, type DbOrTx } from "@codeclass/db";
import { and, eq } from "drizzle-orm";
import type { AssignmentRow } from "./require-assignment.ts";

/** A student's due date: their extension's, else the assignment's (null: no due date). */
export async function dueFor(db: DbOrTx, assignment: AssignmentRow, userId: string): Promise<Date | null> {
  const [ext] = await db
    .select({ dueAt: assignmentExtensions.dueAt })
    .from(assignmentExtensions)
    .where(and(eq(assignmentExtensions.assignmentId, assignment.id), eq(assignmentExtensions.userId, userId)));
  return ext?.dueAt ?? assignment.dueAt;
}
