import { z } from "zod";
import { courseId } from "./course.ts";
import { requiredText } from "./text.ts";

export const recordingRef = z.object({ recordingId: z.uuid({ error: "must be a recording id (a UUID)" }) }).strict();

export const officeHoursLimits = { topic: 200 } as const;

const requestId = z.uuid({ error: "must be an office-hours request id (a UUID)" });
export const officeHoursRef = z.object({ requestId }).strict();

export const officeHoursRequestInput = z
  .object({
    courseId,
    topic: requiredText("topic", officeHoursLimits.topic),
    /** The staff member asked for; absent: any of the course's staff. */
    staffId: z
      .string({ error: "must be a user id" })
      .min(1, { error: "must be a user id" })
      .max(200, { error: "must be a user id" })
      .optional(),
  })
  .strict();
export type OfficeHoursRequestInput = z.input<typeof officeHoursRequestInput>;
