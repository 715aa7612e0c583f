import { z } from "zod";
import { userId } from "./profile.ts";
import { sessionId } from "./session.ts";

import { requiredText } from "./text.ts";

export const breakoutLimits = { maxGroups: 50, broadcast: 1000, maxMinutes: 180, seed: 100, maxStudents: 2000 } as const;

export const breakoutMethods = ["random", "round-robin", "mixed-grade", "manual"] as const;
export type BreakoutMethod = (typeof breakoutMethods)[number];

const groupNumber = z
  .number({ error: "must be a group number" })
  .int({ error: "must be a whole group number" })
  .min(1, { error: "must be a group number (from 1)" })
  .max(breakoutLimits.maxGroups, { error: `is too large: there are at most ${breakoutLimits.maxGroups} groups` });

const minutes = z
  .number({ error: "must be a number of minutes" })
  .int({ error: "must be a whole number of minutes" })
  .min(1, { error: "is too short: the least is 1 minute" })
  .max(breakoutLimits.maxMinutes, { error: `is too long: the limit is ${breakoutLimits.maxMinutes} minutes` });

export const breakoutCreateInput = z
  .object({
    sessionId,
    method: z.enum(breakoutMethods, { error: `must be one of ${breakoutMethods.join(", ")}` }),
    groupCount: z
      .number({ error: "must be a number of groups" })
      .int({ error: "must be a whole number of groups" })
      .min(1, { error: "is too small: the least is 1 group" })
      .max(breakoutLimits.maxGroups, { error: `is too large: the limit is ${breakoutLimits.maxGroups} groups` }),
    /** The random split's seed; the same seed and students give the same groups. Absent: a fresh one. */
    seed: requiredText("seed", breakoutLimits.seed).optional(),
    /** Manual split: which group each student goes to (every student listed once). */
    assignments: z
      .array(z.object({ userId, group: groupNumber }).strict(), { error: "must be a list of students and groups" })
      .max(breakoutLimits.maxStudents, { error: `is too long: the limit is ${breakoutLimits.maxStudents} students` })
      .optional(),
    /** A timer: everyone is recalled after this many minutes. */
    minutes: minutes.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.method === "manual" && !v.assignments?.length)
      ctx.addIssue({ code: "custom", path: ["assignments"], message: "is required for a manual split: list each student and their group" });
    if (v.method !== "manual" && v.assignments)
      ctx.addIssue({ code: "custom", path: ["assignments"], message: `must be left out: the ${v.method} split chooses the groups` });
    const over = v.assignments?.find((a) => a.group > v.groupCount);
    if (over)
      ctx.addIssue({
        code: "custom",
        path: ["assignments"],
        message: `puts a student in group ${over.group}, but there are ${v.groupCount}`,
      });
    const ids = v.assignments?.map((a) => a.userId) ?? [];
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice)
      ctx.addIssue({ code: "custom", path: ["assignments"], message: `lists student ${twice} twice: each student goes to one group` });
  });
export type BreakoutCreateInput = z.input<typeof breakoutCreateInput>;

export const breakoutMoveInput = z.object({ sessionId, userId, group: groupNumber }).strict();

export const breakoutBroadcastInput = z.object({ sessionId, body: requiredText("body", breakoutLimits.broadcast) }).strict();

/** Sets the timer to `minutes` from now, or stops it (null). */
export const breakoutTimerInput = z.object({ sessionId, minutes: minutes.nullable() }).strict();
