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

/** A person's display name: one line of text, no control characters (it shows in rosters and presence). */
export const personName = requiredText("name", limits.name).refine((v) => !/[\p{Cc}]/u.test(v), {
  error: "name may not contain control characters such as tabs or line breaks",
});

export const profileUpdateInput = z
  .object({
    name: personName,
    bio: text("bio", limits.bio).nullish(),
  })
  .strict();
export type ProfileUpdateInput = z.input<typeof profileUpdateInput>;

export const userCreateInput = z.object({ email, name: personName, role: globalRole, password }).strict();
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

/**
 * The most one run request may carry: the sandbox's maxima (`maxLimits` in sandbox/src/limits.ts,
 * which a test keeps equal), checked before the request reaches the sandbox or the database.
 */
export const runRequestLimits = { files: 200, sourceBytes: 2 * 1024 * 1024, stdinBytes: 8 * 1024 * 1024 } as const;
const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

/**
 * A run request: either `files`, or `workspaceId` (the server takes the files, and the language
 * unless given, from the stored workspace document). The sandbox then checks names and sizes
 * against the run's limits.
 */
export const runStartInput = z
  .object({
    courseId,
    language: z.enum(runLanguages, { error: `language must be one of ${runLanguages.join(", ")}` }).optional(),
    workspaceId: z.uuid({ error: "workspaceId must be a workspace id (a UUID)" }).optional(),
    files: z
      .array(
        z.object({
          path: z
            .string({ error: "files: each file needs a path" })
            .max(200, { error: "files: a file name is longer than 200 characters" }),
          content: z
            .string({ error: "files: each file needs text content" })
            .max(runRequestLimits.sourceBytes, { error: `files: a file is larger than ${mib(runRequestLimits.sourceBytes)}` }),
        }),
        { error: "files must be a list of {path, content}" },
      )
      .min(1, { error: "files: a run needs at least one file" })
      .max(runRequestLimits.files, { error: `files: at most ${runRequestLimits.files} files` })
      .refine((files) => files.reduce((sum, f) => sum + f.content.length, 0) <= runRequestLimits.sourceBytes, {
        error: `files: the files hold more than ${mib(runRequestLimits.sourceBytes)} in all; the limit is ${mib(runRequestLimits.sourceBytes)}`,
      })
      .optional(),
    stdin: z
      .string({ error: "stdin must be text" })
      .max(runRequestLimits.stdinBytes, { error: `stdin is larger than ${mib(runRequestLimits.stdinBytes)}, the limit` })
      .optional(),
    args: z
      .array(z.string().max(4096), { error: "args must be a list of strings" })
      .max(64, { error: "args: at most 64 arguments" })
      .optional(),
    entry: z.string().max(200).optional(),
    /** Per-run limits (e.g. { cpuMs: 10000 }); the sandbox checks each against its maximum. */
    limits: z.record(z.string(), z.number({ error: "limits: each limit must be a number" })).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.files === undefined) === (v.workspaceId === undefined))
      ctx.addIssue({ code: "custom", path: ["files"], message: "files: give either files or workspaceId (exactly one)" });
    if (v.files !== undefined && v.language === undefined)
      ctx.addIssue({ code: "custom", path: ["language"], message: `language is required with files: one of ${runLanguages.join(", ")}` });
  });
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

/**
 * Workspace (collaborative document) limits. `maxFiles` and `pathLength` are the sandbox's
 * (`defaultLimits.files`, `fileNameProblem`), so every workspace can be run as it is.
 */
export const workspaceLimits = {
  /** Files in one workspace. */
  maxFiles: 50,
  /** Characters in one file path. */
  pathLength: 200,
  /** Folder depth of a path. */
  pathDepth: 8,
  /** Bytes of one Yjs update sent by a client. */
  updateBytes: 256 * 1024,
  /** Characters of text in all files of one workspace. */
  docChars: 2 * 1024 * 1024,
  /** Characters of one review comment. */
  commentChars: 4000,
  /** Comments in one workspace. */
  maxComments: 2000,
} as const;

const pathSegment = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

/**
 * The sandbox's file-name rule (sandbox/src/files.ts `fileNameProblem`), repeated here so
 * the browser and the collab server check paths without importing the sandbox; a test in
 * packages/collab keeps the two equal. Returns a sentence, or null when the name is fine.
 */
export function fileNameProblem(path: string): string | null {
  if (typeof path !== "string" || path.length === 0) return "a file name is empty";
  if (path.length > workspaceLimits.pathLength)
    return `file name "${path.slice(0, 40)}…" is too long: the limit is ${workspaceLimits.pathLength} characters`;
  if (path.startsWith("/")) return `file name "${path}" must be relative, not absolute`;
  const parts = path.split("/");
  if (parts.length > workspaceLimits.pathDepth)
    return `file name "${path}" is nested too deep: at most ${workspaceLimits.pathDepth} levels`;
  for (const p of parts) {
    if (p === "" || p === "." || p === "..") return `file name "${path}" may not contain empty, "." or ".." parts`;
    if (!pathSegment.test(p)) return `file name "${path}" may hold only letters, digits, "_", "-", "+" and "." (and "/" between folders)`;
  }
  if (parts[0] === "main" && parts.length === 1) return `"main" is reserved for the compiled program`;
  return null;
}

/** A workspace file path (zod), with the sandbox's rules. */
export const filePath = z.string({ error: "path must be text" }).superRefine((p, ctx) => {
  const problem = fileNameProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: `path: ${problem}` });
});

export const workspaceId = z.uuid({ error: "workspaceId must be a workspace id (a UUID)" });
export const workspaceRef = z.object({ workspaceId }).strict();
export const workspaceHistoryInput = z
  .object({
    workspaceId,
    afterId: z
      .number({ error: "afterId must be a number" })
      .int({ error: "afterId must be a whole number" })
      .min(0, { error: "afterId must be 0 or more" })
      .optional(),
    limit: z
      .number({ error: "limit must be a number" })
      .int({ error: "limit must be a whole number" })
      .min(1, { error: "limit must be at least 1" })
      .max(500, { error: "limit is too large: the limit is 500" })
      .default(100),
  })
  .strict();
export const workspaceSetTemplateInput = z.object({ courseId, workspaceId }).strict();

/** Document name of a workspace's Y.Doc: `workspace:<uuid>`. */
export const workspaceDocumentPrefix = "workspace:";
export function workspaceDocumentName(id: string): string {
  return `${workspaceDocumentPrefix}${id}`;
}
/** The workspace id of a document name, or null when the name is not `workspace:<uuid>`. */
export function workspaceIdOfDocument(name: string): string | null {
  if (typeof name !== "string" || !name.startsWith(workspaceDocumentPrefix)) return null;
  const id = name.slice(workspaceDocumentPrefix.length);
  // Only the canonical (lower-case) spelling: another one would open a second copy of the same document.
  return workspaceId.safeParse(id).success && id === id.toLowerCase() ? id : null;
}
