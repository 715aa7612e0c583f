import { z } from "zod";
import { courseId } from "./course.ts";

/** An administrator's new key for the Judge0-compatible API: a label, the course its runs count in, its rate. */
export const apiKeyCreateInput = z
  .object({
    name: z
      .string({ error: "must be text" })
      .trim()
      .min(1, { error: "is required" })
      .max(100, { error: "is longer than 100 characters, the limit" }),
    courseId,
    requestsPerMinute: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(6000, { error: "is over the maximum of 6000" })
      .default(120),
  })
  .strict();
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateInput>;

export const apiKeyRef = z.object({ keyId: z.uuid({ error: "must be a key id (a UUID)" }) }).strict();
export type ApiKeyRef = z.input<typeof apiKeyRef>;
