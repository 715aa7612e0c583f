import { languageIds } from "@codeclass/sandbox/rules";
import { z } from "zod";
import { courseId } from "./course.ts";

/** The sandbox's languages (`@codeclass/sandbox/rules`). */
export const runLanguages = languageIds;

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
/** run.watchWorkspace: the workspace whose runs to follow. */
export const runWatchWorkspaceInput = z
  .object({ workspaceId: z.uuid({ error: "workspaceId must be a workspace id (a UUID)" }) })
  .strict();
export const runListInput = z
  .object({ courseId, limit: z.number().int().min(1).max(100).default(20), everyone: z.boolean().default(false) })
  .strict();
