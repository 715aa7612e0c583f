import { sql } from "drizzle-orm";
import { z } from "zod";

/** The task catalog: one zod payload schema per graphile-worker task. */
export const taskPayloads = {
  /**
   * One mail: either written out (subject, text, HTML), or a template of @codeclass/mail and its
   * values, rendered when it is sent (a bulk import queues thousands; they stay small).
   */
  send_email: z.union([
    z.object({
      to: z.email(),
      subject: z.string().min(1).max(300),
      text: z.string().max(100_000),
      html: z.string().max(200_000).optional(),
    }),
    z.object({
      template: z.literal("account-created"),
      to: z.email(),
      name: z.string().max(200),
      url: z.url(),
      signInUrl: z.url(),
      days: z.number().int().min(1).max(365),
    }),
    z.object({
      template: z.literal("course-invitation"),
      to: z.email(),
      inviter: z.string().max(200),
      course: z.object({ code: z.string().max(64), title: z.string().max(300) }),
      role: z.enum(["student", "ta"]),
      url: z.url(),
      days: z.number().int().min(1).max(365),
    }),
  ]),
  /** Runs one program in the sandbox and streams its events (see packages/worker/src/tasks/run_code.ts). */
  run_code: z.object({ runId: z.uuid() }),
  /**
   * Commits one stored bulk import (the imports table) in one transaction, reporting progress;
   * `publicUrl` is the platform's, for the set-password links mailed to new accounts.
   */
  import_commit: z.object({ importId: z.uuid(), publicUrl: z.url() }),
  /**
   * Grades one submission (packages/worker/src/tasks/grade_submission.ts): compile once, run its
   * tests against the one build. With `regradeId`, only the tests changed since it was graded.
   */
  grade_submission: z.object({ submissionId: z.uuid(), regradeId: z.number().int().positive().optional() }),
  /**
   * A breakout round's timer, queued to run when it ends (packages/worker/src/tasks/breakout_timer.ts):
   * closes the round if nobody has, and deletes its groups' video rooms.
   */
  breakout_timer: z.object({ breakoutId: z.uuid() }),
} as const;

export type TaskName = keyof typeof taskPayloads;
export type TaskPayload<T extends TaskName> = z.infer<(typeof taskPayloads)[T]>;

/** Anything with drizzle's `execute` (the database or a transaction). */
interface Executor {
  execute(query: ReturnType<typeof sql>): PromiseLike<unknown>;
}

/**
 * Adds a job in the caller's transaction (so the job exists iff the change commits).
 * The payload is validated against the catalog before it is queued.
 */
export async function addJob<T extends TaskName>(
  db: Executor,
  task: T,
  payload: TaskPayload<T>,
  options: { maxAttempts?: number; jobKey?: string; runAt?: Date } = {},
): Promise<void> {
  const parsed = taskPayloads[task].parse(payload);
  await db.execute(
    sql`select graphile_worker.add_job(${task}::text, ${JSON.stringify(parsed)}::json, max_attempts => ${options.maxAttempts ?? 10}::int, job_key => ${options.jobKey ?? null}::text, run_at => ${options.runAt?.toISOString() ?? null}::timestamptz)`,
  );
}
