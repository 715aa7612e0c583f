import { coursePollQuestions, type Database } from "@codeclass/db";
import { type BankUpdateInput, bankUpdateInput, pollCreateInput } from "@codeclass/validators";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { badRequest } from "../errors.ts";
import { type BankQuestion, requireQuestion } from "./require-question.ts";

/** Any session id: the bank's content is checked by the rules of a new poll, which need one. */
const anySession = "00000000-0000-4000-8000-000000000000";

/** Staff edit a bank question's content (its kind stays), checked by the same rules as a new poll. */
export async function update(db: Database, actor: Actor, raw: BankUpdateInput): Promise<BankQuestion> {
  const input = bankUpdateInput.parse(raw);
  return db.transaction(async (tx) => {
    const row = await requireQuestion(tx, actor, input.questionId, true);
    let content: Pick<BankQuestion, "question" | "options" | "correct" | "code">;
    if (row.kind === "code") {
      if (input.options?.length || input.correct?.length)
        throw badRequest("must be empty for a code question", input.options?.length ? "options" : "correct");
      if (!input.code) throw badRequest("is required for a code question", "code");
      content = {
        question: input.question,
        options: [],
        correct: null,
        code: {
          ...input.code,
          starter: input.code.starter ?? "",
          tests: input.code.tests.map((t) => ({ stdin: t.stdin ?? "", expected: t.expected })),
        },
      };
    } else {
      if (input.code) throw badRequest(`is for code questions; this one is ${row.kind}`, "code");
      const checked = pollCreateInput.safeParse({
        sessionId: anySession,
        kind: row.kind,
        question: input.question,
        options: input.options ?? [],
        correct: input.correct,
      });
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        throw badRequest(issue.message, issue.path.map(String).join("."));
      }
      const v = checked.data;
      content = {
        question: v.question,
        options: v.options,
        correct: v.correct?.length ? [...v.correct].sort((a, b) => a - b) : null,
        code: null,
      };
    }
    const [updated] = await tx
      .update(coursePollQuestions)
      .set({ ...content, updatedAt: sql`clock_timestamp()` })
      .where(eq(coursePollQuestions.id, row.id))
      .returning();
    return updated!;
  });
}
