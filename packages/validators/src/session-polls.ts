import { z } from "zod";
import { sessionId } from "./session.ts";

export const pollLimits = { question: 500, option: 200, minOptions: 2, maxOptions: 10, shortAnswer: 500 } as const;

export const pollKinds = ["single", "multiple", "short"] as const;
export type PollKind = (typeof pollKinds)[number];

export const pollId = z.uuid({ error: "must be a poll id (a UUID)" });
export const pollRef = z.object({ pollId }).strict();

const noNul = (v: string) => !v.includes("\u0000");

const question = z
  .string({ error: "must be text" })
  .trim()
  .min(1, { error: "is required" })
  .max(pollLimits.question, { error: `is too long: the limit is ${pollLimits.question} characters` })
  .refine(noNul, { error: "may not contain NUL characters" });

const option = z
  .string({ error: "must be text" })
  .trim()
  .min(1, { error: "is empty: every option needs text" })
  .max(pollLimits.option, { error: `is too long: the limit is ${pollLimits.option} characters` })
  .refine(noNul, { error: "may not contain NUL characters" });

const optionIndex = z
  .number({ error: "must be an option number" })
  .int({ error: "must be a whole option number" })
  .min(0, { error: "must be an option number (from 0)" })
  .max(pollLimits.maxOptions - 1, { error: `is not an option: there are at most ${pollLimits.maxOptions}` });

const optionIndexes = z.array(optionIndex, { error: "must be a list of option numbers" }).max(pollLimits.maxOptions, {
  error: `is too long: there are at most ${pollLimits.maxOptions} options`,
});

export const pollCreateInput = z
  .object({
    sessionId,
    kind: z.enum(pollKinds, { error: `must be one of ${pollKinds.join(", ")}` }),
    question,
    options: z
      .array(option, { error: "must be a list of options" })
      .max(pollLimits.maxOptions, { error: `has too many options: the limit is ${pollLimits.maxOptions}` })
      .default([]),
    /** The correct options' indexes, if the poll has right answers. */
    correct: optionIndexes.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === "short") {
      if (v.options.length > 0) ctx.addIssue({ code: "custom", path: ["options"], message: "must be empty for a short-answer poll" });
      if (v.correct && v.correct.length > 0)
        ctx.addIssue({ code: "custom", path: ["correct"], message: "must be empty for a short-answer poll" });
      return;
    }
    if (v.options.length < pollLimits.minOptions)
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: `is too short: a choice poll needs at least ${pollLimits.minOptions} options`,
      });
    const correct = v.correct ?? [];
    if (new Set(correct).size !== correct.length) ctx.addIssue({ code: "custom", path: ["correct"], message: "lists an option twice" });
    const outside = correct.find((i) => i >= v.options.length);
    if (outside !== undefined)
      ctx.addIssue({ code: "custom", path: ["correct"], message: `names option ${outside}, but there are ${v.options.length}` });
    if (v.kind === "single" && correct.length > 1)
      ctx.addIssue({ code: "custom", path: ["correct"], message: "may name one option only in a single-choice poll" });
  });
export type PollCreateInput = z.input<typeof pollCreateInput>;

/** An answer: option numbers for choice polls, text for short answers; checked against the poll by the service. */
export const pollAnswerInput = z
  .object({
    pollId,
    options: optionIndexes.optional(),
    text: z
      .string({ error: "must be text" })
      .trim()
      .min(1, { error: "is empty: type an answer" })
      .max(pollLimits.shortAnswer, { error: `is too long: the limit is ${pollLimits.shortAnswer} characters` })
      .refine(noNul, { error: "may not contain NUL characters" })
      .optional(),
  })
  .strict();
export type PollAnswerInput = z.input<typeof pollAnswerInput>;

export const pollListInput = z.object({ sessionId }).strict();

export const pollEventsInput = z
  .object({
    sessionId,
    lastEventId: z
      .string({ error: "must be an event id" })
      .regex(/^\d{1,18}$/, { error: "must be an event id (digits)" })
      .nullish(),
  })
  .strict();
