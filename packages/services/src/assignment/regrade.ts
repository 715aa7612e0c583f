import { assignmentRegrades, type Database, submissions } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { assignmentRef } from "@codeclass/validators";
import { and, eq, lt } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit.ts";
import { requireAssignment } from "./require-assignment.ts";

/**
 * Regrades every graded submission whose results are for older tests (staff): one job each,
 * which reruns only the tests changed since (their old results stay). Progress: `regradeProgress`.
 */
export async function regrade(db: Database, actor: Actor, raw: z.input<typeof assignmentRef>) {
  const { assignmentId } = assignmentRef.parse(raw);
  const { assignment } = await requireAssignment(db, actor, assignmentId, "staff");
  return db.transaction(async (tx) => {
    const stale = await tx
      .select({ id: submissions.id })
      .from(submissions)
      .where(
        and(
          eq(submissions.assignmentId, assignmentId),
          eq(submissions.status, "finished"),
          lt(submissions.testsVersion, assignment.testsVersion),
        ),
      );
    const [row] = await tx
      .insert(assignmentRegrades)
      .values({
        assignmentId,
        testsVersion: assignment.testsVersion,
        total: stale.length,
        startedBy: actor.id,
        finishedAt: stale.length === 0 ? new Date() : null,
      })
      .returning();
    for (const s of stale) await addJob(tx, "grade_submission", { submissionId: s.id, regradeId: row!.id }, { maxAttempts: 1 });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.regrade",
      targetType: "assignment",
      targetId: assignmentId,
      courseId: assignment.courseId,
      data: { regradeId: row!.id, submissions: stale.length, testsVersion: assignment.testsVersion },
    });
    return { regradeId: row!.id, total: row!.total, done: 0 };
  });
}
