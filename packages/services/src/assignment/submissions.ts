import { type DbOrTx, submissions as submissionsTable } from "@codeclass/db";
import { submissionListInput } from "@codeclass/validators";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";
import { requireAssignment } from "./require-assignment.ts";

/** Submissions of an assignment, newest first: a student's own; staff any student's (`userId`) or everyone's. */
export async function submissions(db: DbOrTx, actor: Actor, raw: z.input<typeof submissionListInput>) {
  const input = submissionListInput.parse(raw);
  const { staff } = await requireAssignment(db, actor, input.assignmentId, "view");
  if (!staff && input.userId && input.userId !== actor.id) throw forbidden("Students see only their own submissions");
  const userId = staff ? input.userId : actor.id;
  return db
    .select({
      id: submissionsTable.id,
      userId: submissionsTable.userId,
      status: submissionsTable.status,
      createdAt: submissionsTable.createdAt,
      finishedAt: submissionsTable.finishedAt,
      compileVerdict: submissionsTable.compileVerdict,
      score: submissionsTable.score,
      maxScore: submissionsTable.maxScore,
      lateMinutes: submissionsTable.lateMinutes,
      penaltyPct: submissionsTable.penaltyPct,
      countsAsAttempt: submissionsTable.countsAsAttempt,
    })
    .from(submissionsTable)
    .where(and(eq(submissionsTable.assignmentId, input.assignmentId), userId ? eq(submissionsTable.userId, userId) : undefined))
    .orderBy(desc(submissionsTable.createdAt))
    .limit(500);
}
