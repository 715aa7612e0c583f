import type { Database } from "@codeclass/db";
import { bankLaunchInput } from "@codeclass/validators";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { badRequest } from "../errors.ts";
import { create as createCode } from "../poll-code/create.ts";
import { create as createPoll } from "../polls/create.ts";
import type { PollView } from "../polls/view.ts";
import { requireSession } from "../session/require-session.ts";
import { requireQuestion } from "./require-question.ts";

/** Staff ask a bank question as a new poll in one of the course's sessions (it opens at once). */
export async function launch(db: Database, actor: Actor, raw: z.input<typeof bankLaunchInput>): Promise<PollView> {
  const { questionId, sessionId } = bankLaunchInput.parse(raw);
  const q = await requireQuestion(db, actor, questionId);
  const { session } = await requireSession(db, actor, sessionId, "staff");
  if (session.courseId !== q.courseId) throw badRequest("belongs to another course than the question", "sessionId");
  if (q.kind === "code") {
    if (!q.code) throw badRequest("has no code spec; edit it first", "questionId");
    return createCode(db, actor, { sessionId, question: q.question, code: q.code as never });
  }
  return createPoll(db, actor, { sessionId, kind: q.kind, question: q.question, options: q.options, correct: q.correct ?? undefined });
}
