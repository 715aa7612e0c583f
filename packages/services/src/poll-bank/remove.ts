import { coursePollQuestions, type Database } from "@codeclass/db";
import { bankQuestionRef } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requireQuestion } from "./require-question.ts";

/** Staff delete a bank question (polls already asked from it stay). */
export async function remove(db: Database, actor: Actor, raw: z.input<typeof bankQuestionRef>): Promise<{ ok: true }> {
  const { questionId } = bankQuestionRef.parse(raw);
  await db.transaction(async (tx) => {
    await requireQuestion(tx, actor, questionId, true);
    await tx.delete(coursePollQuestions).where(eq(coursePollQuestions.id, questionId));
  });
  return { ok: true };
}
