import { coursePollQuestions, type Database, sessionPollCode } from "@codeclass/db";
import { bankSaveInput } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { requirePoll } from "../polls/require-poll.ts";
import type { BankQuestion } from "./require-question.ts";

/** Staff save a poll's question (any kind, with its options, correct options or code spec) to the course's bank. */
export async function save(db: Database, actor: Actor, raw: z.input<typeof bankSaveInput>): Promise<BankQuestion> {
  const { pollId } = bankSaveInput.parse(raw);
  return db.transaction(async (tx) => {
    const { poll, access } = await requirePoll(tx, actor, pollId, "staff");
    const [spec] = poll.kind === "code" ? await tx.select().from(sessionPollCode).where(eq(sessionPollCode.pollId, poll.id)) : [];
    const [row] = await tx
      .insert(coursePollQuestions)
      .values({
        courseId: access.session.courseId,
        authorId: actor.id,
        kind: poll.kind,
        question: poll.question,
        options: poll.options,
        correct: poll.correct,
        code: spec ? { language: spec.language, starter: spec.starter, tests: spec.tests } : null,
      })
      .returning();
    return row!;
  });
}
