import { z } from "zod";
import { courseId } from "./course.ts";
import { runLanguages } from "./run.ts";
import { sessionId } from "./session.ts";
import { pollId, pollKinds, pollLimits } from "./session-polls.ts";

/** Limits of a code question: its tests, their input and expected output, the starter. */
export const codeQuestionLimits = { tests: 20, stdin: 64 * 1024, expected: 64 * 1024, starter: 64 * 1024, path: 200 } as const;

const noNul = (v: string) => !v.includes("\u0000");
const kib = (n: number) => `${n / 1024} KiB`;

const question = z
  .string({ error: "must be text" })
  .trim()
  .min(1, { error: "is required" })
  .max(pollLimits.question, { error: `is too long: the limit is ${pollLimits.question} characters` })
  .refine(noNul, { error: "may not contain NUL characters" });

export const codeTest = z
  .object({
    stdin: z
      .string({ error: "must be text" })
      .max(codeQuestionLimits.stdin, { error: `is too long: the limit is ${kib(codeQuestionLimits.stdin)}` })
      .default(""),
    expected: z
      .string({ error: "must be text" })
      .max(codeQuestionLimits.expected, { error: `is too long: the limit is ${kib(codeQuestionLimits.expected)}` }),
  })
  .strict();

/** A code question's program side: the language, the starter shown to students, the tests. */
export const codeQuestionSpec = z
  .object({
    language: z.enum(runLanguages, { error: `must be one of ${runLanguages.join(", ")}` }),
    starter: z
      .string({ error: "must be text" })
      .max(codeQuestionLimits.starter, { error: `is too long: the limit is ${kib(codeQuestionLimits.starter)}` })
      .refine(noNul, { error: "may not contain NUL characters" })
      .default(""),
    tests: z
      .array(codeTest, { error: "must be a list of {stdin, expected}" })
      .min(1, { error: "is empty: a code question needs at least one test" })
      .max(codeQuestionLimits.tests, { error: `has too many tests: the limit is ${codeQuestionLimits.tests}` }),
  })
  .strict();
export type CodeQuestionSpec = z.input<typeof codeQuestionSpec>;

/** Staff ask a code question in a session. */
export const pollCodeCreateInput = z.object({ sessionId, question, code: codeQuestionSpec }).strict();
export type PollCodeCreateInput = z.input<typeof pollCodeCreateInput>;

/** A student answers a code question with one file of their own workspace (as stored on the server). */
export const pollCodeAnswerInput = z
  .object({
    pollId,
    workspaceId: z.uuid({ error: "must be a workspace id (a UUID)" }),
    path: z
      .string({ error: "must be a file path" })
      .min(1, { error: "is required: choose a file" })
      .max(codeQuestionLimits.path, { error: `is too long: the limit is ${codeQuestionLimits.path} characters` }),
  })
  .strict();
export type PollCodeAnswerInput = z.input<typeof pollCodeAnswerInput>;

export const bankQuestionId = z.uuid({ error: "must be a question id (a UUID)" });
export const bankQuestionRef = z.object({ questionId: bankQuestionId }).strict();

/** Saves a poll's question (any kind) to its course's bank. */
export const bankSaveInput = z.object({ pollId }).strict();

/** The course's bank, newest first, optionally searched (question text, options) and filtered by kind. */
export const bankListInput = z
  .object({
    courseId,
    search: z.string({ error: "must be text" }).trim().max(200, { error: "is too long: the limit is 200 characters" }).optional(),
    kind: z.enum([...pollKinds, "code"], { error: `must be one of ${[...pollKinds, "code"].join(", ")}` }).optional(),
  })
  .strict();

/**
 * A bank question's new content (its kind stays): question text, and options and correct options
 * for choice questions, or the code spec for code questions. Checked by the same rules as a new poll.
 */
export const bankUpdateInput = z
  .object({
    questionId: bankQuestionId,
    question,
    options: z.array(z.string(), { error: "must be a list of options" }).optional(),
    correct: z.array(z.number(), { error: "must be a list of option numbers" }).optional(),
    code: codeQuestionSpec.optional(),
  })
  .strict();
export type BankUpdateInput = z.input<typeof bankUpdateInput>;

/** Asks a bank question as a new poll in one of the course's sessions. */
export const bankLaunchInput = z.object({ questionId: bankQuestionId, sessionId }).strict();

/** The active speakers a staff client's LiveKit room reports (participant identities, at most 50). */
export const speakersReportInput = z
  .object({
    sessionId,
    identities: z
      .array(z.string({ error: "must be a participant identity" }).min(1).max(200, { error: "is too long: the limit is 200 characters" }), {
        error: "must be a list of participant identities",
      })
      .max(50, { error: "has too many speakers: the limit is 50" }),
  })
  .strict();
