import { z } from "zod";

/** Global roles (better-auth's `user.role`). Course roles come from enrollments. */
export const globalRoles = ["admin", "instructor", "student"] as const;
export const globalRole = z.enum(globalRoles);
export type GlobalRole = z.infer<typeof globalRole>;

export const courseRoles = ["instructor", "ta", "student"] as const;
export const courseRole = z.enum(courseRoles);
export type CourseRole = z.infer<typeof courseRole>;

export const limits = {
  courseCode: 32,
  courseTitle: 200,
  courseDescription: 5000,
  courseTerm: 64,
  name: 100,
  bio: 1000,
  email: 254,
  passwordMin: 8,
  passwordMax: 128,
} as const;

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, { error: `${field} is too long: the limit is ${max} characters` })
    .refine((v) => !v.includes("\u0000"), { error: `${field} may not contain NUL characters` });

const requiredText = (field: string, max: number) => text(field, max).min(1, { error: `${field} is required` });

export const email = z
  .email({ error: "email must be a valid address such as ada@example.com" })
  .max(limits.email, { error: `email is too long: the limit is ${limits.email} characters` })
  .transform((e) => e.toLowerCase());

export const password = z
  .string({ error: "password must be text" })
  .min(limits.passwordMin, { error: `password is too short: use at least ${limits.passwordMin} characters` })
  .max(limits.passwordMax, { error: `password is too long: the limit is ${limits.passwordMax} characters` });

export const courseId = z.uuid({ error: "courseId must be a course id (a UUID)" });
export const userId = z
  .string({ error: "userId must be text" })
  .min(1, { error: "userId is required" })
  .max(64, { error: "userId is too long" });

export const courseCode = requiredText("code", limits.courseCode).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
  error: "code may hold only letters, digits, '.', '_' and '-', and must start with a letter or digit",
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

export const courseArchiveInput = z
  .object({ courseId, archived: z.boolean({ error: "archived must be true or false" }).default(true) })
  .strict();

export const courseListMineInput = z
  .object({ includeArchived: z.boolean({ error: "includeArchived must be true or false" }).default(false) })
  .strict()
  .default({ includeArchived: false });

export const enrollmentAddInput = z.object({ courseId, email, role: courseRole.default("student") }).strict();
export const enrollmentRemoveInput = z.object({ courseId, userId }).strict();
export const enrollmentSetRoleInput = z.object({ courseId, userId, role: courseRole }).strict();

export const profileUpdateInput = z
  .object({
    name: requiredText("name", limits.name),
    bio: text("bio", limits.bio).nullish(),
  })
  .strict();
export type ProfileUpdateInput = z.input<typeof profileUpdateInput>;

export const userCreateInput = z.object({ email, name: requiredText("name", limits.name), role: globalRole, password }).strict();
export type UserCreateInput = z.input<typeof userCreateInput>;

/** Human sentences for zod issues: "title: title is too long: the limit is 200 characters". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join(".");
      return path && !i.message.startsWith(String(i.path[i.path.length - 1])) ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}

export const runLanguages = ["c", "cpp", "python", "java", "go", "javascript", "typescript"] as const;

/** A run request; the sandbox then checks names and sizes against the run's limits. */
export const runStartInput = z
  .object({
    courseId,
    language: z.enum(runLanguages, { error: `language must be one of ${runLanguages.join(", ")}` }),
    files: z
      .array(
        z.object({
          path: z
            .string({ error: "files: each file needs a path" })
            .max(200, { error: "files: a file name is longer than 200 characters" }),
          content: z
            .string({ error: "files: each file needs text content" })
            .max(2_000_000, { error: "files: a file is larger than 2 MB" }),
        }),
        { error: "files must be a list of {path, content}" },
      )
      .min(1, { error: "files: a run needs at least one file" })
      .max(200, { error: "files: at most 200 files" }),
    stdin: z.string({ error: "stdin must be text" }).max(8_000_000, { error: "stdin is larger than 8 MB" }).optional(),
    args: z
      .array(z.string().max(4096), { error: "args must be a list of strings" })
      .max(64, { error: "args: at most 64 arguments" })
      .optional(),
    entry: z.string().max(200).optional(),
    /** Per-run limits (e.g. { cpuMs: 10000 }); the sandbox checks each against its maximum. */
    limits: z.record(z.string(), z.number({ error: "limits: each limit must be a number" })).optional(),
  })
  .strict();
export type RunStartInput = z.input<typeof runStartInput>;

export const runId = z.uuid({ error: "runId must be a run id (a UUID)" });
export const runRef = z.object({ runId }).strict();
export const runInputInput = z
  .object({
    runId,
    data: z.string({ error: "data must be text" }).max(65_536, { error: "data: at most 64 KiB at a time" }),
    eof: z.boolean().default(false),
  })
  .strict();
export const runEventsInput = z
  .object({
    runId,
    lastEventId: z
      .string()
      .regex(/^\d{1,9}$/)
      .nullish(),
  })
  .strict();
export const runListInput = z
  .object({ courseId, limit: z.number().int().min(1).max(100).default(20), everyone: z.boolean().default(false) })
  .strict();
