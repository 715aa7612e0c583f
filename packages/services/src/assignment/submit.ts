import { type Database, submissions, workspaces } from "@codeclass/db";
import { addJob } from "@codeclass/jobs";
import { type LanguageId, languages, resolveLimits, SandboxInputError, validateRun } from "@codeclass/sandbox";
import { assignmentRef } from "@codeclass/validators";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { badRequest, busy, forbidden } from "../errors.ts";
import { loadWorkspaceFiles } from "../workspace/index.ts";
import { submissionGradedChannel } from "./channels.ts";
import { dueFor } from "./due-for.ts";
import { lateness } from "./lateness.ts";
import { requireAssignment } from "./require-assignment.ts";

/** Submissions of one student for one assignment that may wait for grading at once. */
export const maxPendingSubmissions = 3;

/**
 * Submits the caller's assignment workspace as it is stored (every acknowledged edit; no
 * upload): checks the language, the due date (refused, or marked late with its penalty, as the
 * assignment says), the attempt limit and the submissions still being graded (at most
 * `maxPendingSubmissions` of one student's for one assignment: a loop of submits cannot fill
 * the queue that everyone's runs and grading share), then inserts the submission and its grading
 * job in one transaction.
 */
export async function submit(db: Database, actor: Actor, raw: z.input<typeof assignmentRef>) {
  const { assignmentId } = assignmentRef.parse(raw);
  const { assignment, access } = await requireAssignment(db, actor, assignmentId, "view");
  if (access.myRole !== "student") throw forbidden("Only the course's students submit assignments");
  if (access.course.archivedAt) throw forbidden("This course is archived: submissions are closed");
  const [ws] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(and(eq(workspaces.assignmentId, assignmentId), eq(workspaces.ownerId, actor.id)));
  if (!ws) throw badRequest("you have no workspace for this assignment yet: open it, write your solution, then submit", "assignmentId");
  const content = await loadWorkspaceFiles(db, ws.id);
  const language = content.language ?? assignment.starter?.language ?? assignment.languages[0];
  if (!language || !assignment.languages.includes(language))
    throw badRequest(`is ${language ?? "not set"}; this assignment takes ${assignment.languages.join(", ")}`, "language");
  try {
    validateRun(language, content.files, resolveLimits({}, languages[language as LanguageId].adjust), content.entry ?? undefined);
  } catch (e) {
    if (e instanceof SandboxInputError) throw badRequest(e.message, e.field);
    throw e;
  }
  const now = new Date();
  const due = await dueFor(db, assignment, actor.id);
  const late = lateness(now, due, assignment);
  if (late.late && !assignment.acceptLate)
    throw forbidden(`The due date (${due!.toISOString()}) has passed and this assignment does not accept late submissions`);

  return db.transaction(async (tx) => {
    // One student's submissions are serialised, so the attempt limit cannot be raced.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`submit:${assignmentId}:${actor.id}`}))`);
    const [pending] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(submissions)
      .where(
        and(
          eq(submissions.assignmentId, assignmentId),
          eq(submissions.userId, actor.id),
          inArray(submissions.status, ["queued", "running"]),
        ),
      );
    if ((pending?.n ?? 0) >= maxPendingSubmissions)
      throw busy(
        `You have ${pending!.n} submissions of this assignment still being graded: wait for their results (a few seconds each), then submit again`,
      );
    if (assignment.attemptLimit !== null) {
      const [used] = await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(submissions)
        .where(and(eq(submissions.assignmentId, assignmentId), eq(submissions.userId, actor.id), eq(submissions.countsAsAttempt, true)));
      if ((used?.n ?? 0) >= assignment.attemptLimit)
        throw forbidden(`You have used all ${assignment.attemptLimit} attempts of this assignment (the attempt limit)`);
    }
    const [row] = await tx
      .insert(submissions)
      .values({
        assignmentId,
        userId: actor.id,
        workspaceId: ws.id,
        language,
        entry: content.entry,
        files: content.files,
        lateMinutes: late.lateMinutes,
        penaltyPct: late.penaltyPct,
        testsVersion: assignment.testsVersion,
      })
      .returning({ id: submissions.id, createdAt: submissions.createdAt });
    await addJob(tx, "grade_submission", { submissionId: row!.id }, { maxAttempts: 1 });
    await tx.execute(sql`select pg_notify(${submissionGradedChannel}, ${row!.id})`);
    return { submissionId: row!.id, late: late.late, penaltyPct: late.penaltyPct, lateMinutes: late.lateMinutes };
  });
}
