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
    language: z.enum(runLanguages, { error: `must be one of ${runLanguages.join(", ")}` }).optional(),
    workspaceId: z.uuid({ error: "must be a workspace id (a UUID)" }).optional(),
    files: z
      .array(
        z.object({
          path: z.string({ error: "must be text" }).max(200, { error: "is longer than 200 characters, the limit" }),
          content: z
            .string({ error: "must be text" })
            .max(runRequestLimits.sourceBytes, { error: `is larger than ${mib(runRequestLimits.sourceBytes)}, the limit` }),
        }),
        { error: "must be a list of {path, content}" },
      )
      .min(1, { error: "must hold at least one file" })
      .max(runRequestLimits.files, { error: `may hold at most ${runRequestLimits.files} files` })
      .refine((files) => files.reduce((sum, f) => sum + f.content.length, 0) <= runRequestLimits.sourceBytes, {
        error: `the files hold more than ${mib(runRequestLimits.sourceBytes)} in all; the limit is ${mib(runRequestLimits.sourceBytes)}`,
      })
      .optional(),
    stdin: z
      .string({ error: "must be text" })
      .max(runRequestLimits.stdinBytes, { error: `is larger than ${mib(runRequestLimits.stdinBytes)}, the limit` })
      .optional(),
    args: z
      .array(z.string({ error: "must be text" }).max(4096, { error: "is longer than 4096 characters, the limit" }), {
        error: "must be a list of strings",
      })
      .max(64, { error: "may hold at most 64 arguments" })
      .optional(),
    entry: z.string({ error: "must be text" }).max(200, { error: "is longer than 200 characters, the limit" }).optional(),
    /** Per-run limits (e.g. { cpuMs: 10000 }); the sandbox checks each against its maximum. */
    limits: z.record(z.string(), z.number({ error: "must be a number" })).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.files === undefined) === (v.workspaceId === undefined))
      ctx.addIssue({ code: "custom", path: ["files"], message: "files or workspaceId: give exactly one of them" });
    if (v.files !== undefined && v.language === undefined)
      ctx.addIssue({ code: "custom", path: ["language"], message: `is required with files: one of ${runLanguages.join(", ")}` });
  });
export type RunStartInput = z.input<typeof runStartInput>;

export const runId = z.uuid({ error: "must be a run id (a UUID)" });
export const runRef = z.object({ runId }).strict();
export const runInputInput = z
  .object({
    runId,
    data: z.string({ error: "must be text" }).max(65_536, { error: "may hold at most 64 KiB at a time" }),
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
export const runWatchWorkspaceInput = z.object({ workspaceId: z.uuid({ error: "must be a workspace id (a UUID)" }) }).strict();
export const runListInput = z
  .object({ courseId, limit: z.number().int().min(1).max(100).default(20), everyone: z.boolean().default(false) })
  .strict();
