import { type DbOrTx, runs, user } from "@codeclass/db";
import { runListInput } from "@codeclass/validators";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";

/** Recent runs in a course: the caller's own, or (`everyone`, staff only) everyone's. */
export async function listMine(db: DbOrTx, actor: Actor, raw: z.input<typeof runListInput>) {
  const input = runListInput.parse(raw);
  const access = await requireCourse(db, actor, input.courseId, "view");
  if (input.everyone && !access.canSeeRoster) throw forbidden("Only the course's staff can see everyone's runs");
  return db
    .select({
      id: runs.id,
      userId: runs.userId,
      userName: user.name,
      language: runs.language,
      status: runs.status,
      verdict: runs.verdict,
      message: runs.message,
      filesHash: runs.filesHash,
      cpuMs: runs.cpuMs,
      wallMs: runs.wallMs,
      memoryKb: runs.memoryKb,
      createdAt: runs.createdAt,
      finishedAt: runs.finishedAt,
    })
    .from(runs)
    .innerJoin(user, eq(user.id, runs.userId))
    .where(and(eq(runs.courseId, input.courseId), input.everyone ? undefined : eq(runs.userId, actor.id)))
    .orderBy(desc(runs.createdAt))
    .limit(input.limit);
}
