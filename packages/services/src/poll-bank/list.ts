import { coursePollQuestions, type Database } from "@codeclass/db";
import { bankListInput } from "@codeclass/validators";
import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { requireCourse } from "../access/index.ts";
import type { Actor } from "../actor.ts";
import type { BankQuestion } from "./require-question.ts";

/** How many bank questions a list returns at most. */
export const bankListLimit = 200;

/** The course's bank for its staff, last changed first; `search` matches the question or an option (case-insensitive). */
export async function list(db: Database, actor: Actor, raw: z.input<typeof bankListInput>): Promise<BankQuestion[]> {
  const input = bankListInput.parse(raw);
  await requireCourse(db, actor, input.courseId, "roster");
  const pattern = input.search ? `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select()
    .from(coursePollQuestions)
    .where(
      and(
        eq(coursePollQuestions.courseId, input.courseId),
        input.kind ? eq(coursePollQuestions.kind, input.kind) : undefined,
        pattern ? or(ilike(coursePollQuestions.question, pattern), sql`${coursePollQuestions.options}::text ilike ${pattern}`) : undefined,
      ),
    )
    .orderBy(desc(coursePollQuestions.updatedAt), desc(coursePollQuestions.id))
    .limit(bankListLimit);
}
