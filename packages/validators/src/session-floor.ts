import { z } from "zod";
import { sessionId } from "./session.ts";

export const chatLimits = {
  body: 2000,
  /** Messages one user may send in a short burst, and per minute (across sessions). */
  burst: 5,
  burstSeconds: 5,
  perMinute: 60,
  historyPage: 100,
} as const;

/** The reactions a session accepts; anything else is refused. */
export const reactionEmojis = ["👍", "👏", "😂", "❤️", "🎉", "❓"] as const;
export type ReactionEmoji = (typeof reactionEmojis)[number];
/** Reactions one user may send per window. */
export const reactionLimits = { perWindow: 10, windowSeconds: 10 } as const;

/** Chat text is kept exactly as typed (not trimmed), but must say something. */
const chatBody = z
  .string({ error: "must be text" })
  .max(chatLimits.body, { error: `is too long: the limit is ${chatLimits.body} characters` })
  .refine((v) => v.trim().length > 0, { error: "is empty: type a message" })
  .refine((v) => !v.includes("\u0000"), { error: "may not contain NUL characters" });

export const messageId = z
  .number({ error: "must be a message id" })
  .int({ error: "must be a message id" })
  .positive({ error: "must be a message id" });

export const chatSendInput = z
  .object({ sessionId, body: chatBody, toStaff: z.boolean({ error: "must be true or false" }).default(false) })
  .strict();
export type ChatSendInput = z.input<typeof chatSendInput>;

export const chatDeleteInput = z.object({ sessionId, messageId }).strict();

export const chatHistoryInput = z
  .object({
    sessionId,
    /** Messages before this one (older); absent: the newest. */
    before: messageId.optional(),
    limit: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "is too small: the least is 1" })
      .max(chatLimits.historyPage, { error: `is too large: the limit is ${chatLimits.historyPage}` })
      .default(50),
  })
  .strict();

/** A stream's resume point: the id of the last event received (tRPC's `lastEventId`). */
const lastEventId = z
  .string({ error: "must be an event id" })
  .regex(/^\d{1,18}$/, { error: "must be an event id (digits)" })
  .nullish();

export const chatEventsInput = z.object({ sessionId, lastEventId }).strict();

export const handsLowerForInput = z
  .object({
    sessionId,
    userId: z
      .string({ error: "must be a user id" })
      .min(1, { error: "is required" })
      .max(200, { error: "is too long: the limit is 200 characters" }),
  })
  .strict();

export const reactionSendInput = z
  .object({
    sessionId,
    emoji: z.enum(reactionEmojis, { error: `must be one of ${reactionEmojis.join(" ")}` }),
  })
  .strict();
