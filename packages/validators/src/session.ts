import { z } from "zod";
import { courseId } from "./course.ts";
import { requiredText } from "./text.ts";

export const sessionLimits = { title: 200, maxDurationMinutes: 12 * 60 } as const;

export const sessionId = z.uuid({ error: "must be a session id (a UUID)" });
export const sessionRef = z.object({ sessionId }).strict();

const startsAt = z.coerce.date({ error: "must be a date and time" });
const durationMinutes = z
  .number({ error: "must be a number of minutes" })
  .int({ error: "must be a whole number of minutes" })
  .min(5, { error: "is too short: the least is 5 minutes" })
  .max(sessionLimits.maxDurationMinutes, { error: `is too long: the limit is ${sessionLimits.maxDurationMinutes} minutes` });

export const sessionCreateInput = z
  .object({ courseId, title: requiredText("title", sessionLimits.title), startsAt, durationMinutes })
  .strict();
export type SessionCreateInput = z.input<typeof sessionCreateInput>;

export const sessionUpdateInput = z
  .object({
    sessionId,
    title: requiredText("title", sessionLimits.title).optional(),
    startsAt: startsAt.optional(),
    durationMinutes: durationMinutes.optional(),
  })
  .strict();
export type SessionUpdateInput = z.input<typeof sessionUpdateInput>;

export const sessionListInput = z.object({ courseId, includeEnded: z.boolean({ error: "must be true or false" }).default(false) }).strict();

/** A LiveKit participant identity as `live.join` makes it: `<user id>#<suffix>`. */
export const participantIdentity = z
  .string({ error: "must be a participant identity" })
  .min(1, { error: "is required" })
  .max(200, { error: "is too long: the limit is 200 characters" });

/** A breakout group (its LiveKit room is the group's, not the session's main room). */
export const breakoutGroupId = z.uuid({ error: "must be a group id (a UUID)" });

/** `live.join`: the session's main room, or with `groupId` a breakout group's room. */
export const liveJoinInput = z.object({ sessionId, groupId: breakoutGroupId.optional() }).strict();

export const liveRenewInput = z.object({ sessionId, identity: participantIdentity, groupId: breakoutGroupId.optional() }).strict();

export const liveMuteInput = z
  .object({
    sessionId,
    identity: participantIdentity,
    trackSid: z
      .string({ error: "must be a track id" })
      .min(1, { error: "is required" })
      .max(100, { error: "is too long: the limit is 100 characters" }),
    muted: z.boolean({ error: "must be true or false" }).default(true),
  })
  .strict();

export const liveRemoveInput = z.object({ sessionId, identity: participantIdentity }).strict();

export const liveStudentMediaInput = z.object({ sessionId, allowed: z.boolean({ error: "must be true or false" }) }).strict();

const memberUserId = z
  .string({ error: "must be a user id" })
  .min(1, { error: "is required" })
  .max(100, { error: "is too long: the limit is 100 characters" });

export const liveScreenShareInput = z
  .object({
    sessionId,
    userId: memberUserId,
    allowed: z.boolean({ error: "must be true or false" }),
  })
  .strict();

/** Staff let a student they removed from a session back in. */
export const liveReadmitInput = z.object({ sessionId, userId: memberUserId }).strict();
