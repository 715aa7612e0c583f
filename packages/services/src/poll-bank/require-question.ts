import { coursePollQuestions, type DbOrTx } from "@codeclass/db";
import { eq } from "drizzle-orm";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import { notFound } from "../errors.ts";

export type BankQuestion = typeof coursePollQuestions.$inferSelect;

/** A bank question, for its course's staff only (instructors, TAs, admins). */
export async function requireQuestion(db: DbOrTx, actor: Actor, questionId: string, lock = false): Promise<BankQuestion> {
  const query = db.select().from(coursePollQuestions).where(eq(coursePollQuestions.id, questionId)).limit(1);
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound(`No bank question has id ${questionId}`, "questionId");
  await requireCourse(db, actor, row.courseId, "roster");
  return row;
}
