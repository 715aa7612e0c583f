import { z } from "zod";
import { limits } from "./limits.ts";
import { requiredText, text } from "./text.ts";

export const courseId = z.uuid({ error: "must be a course id (a UUID)" });

export const courseCode = requiredText("code", limits.courseCode).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
  error: "may hold only letters, digits, '.', '_' and '-', and must start with a letter or digit",
});

export const courseFields = z.object({
  code: courseCode,
  title: requiredText("title", limits.courseTitle),
  description: text("description", limits.courseDescription),
  term: text("term", limits.courseTerm).nullish(),
});

export const courseCreateInput = courseFields.extend({ description: courseFields.shape.description.default("") }).strict();
export type CourseCreateInput = z.input<typeof courseCreateInput>;

export const courseUpdateInput = courseFields.partial().extend({ courseId }).strict();
export type CourseUpdateInput = z.input<typeof courseUpdateInput>;

export const courseRef = z.object({ courseId }).strict();

export const courseArchiveInput = z.object({ courseId, archived: z.boolean({ error: "must be true or false" }).default(true) }).strict();

export const courseListMineInput = z
  .object({ includeArchived: z.boolean({ error: "must be true or false" }).default(false) })
  .strict()
  .default({ includeArchived: false });
