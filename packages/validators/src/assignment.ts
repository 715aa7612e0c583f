import { languageIds } from "@codeclass/sandbox/rules";
import { z } from "zod";
import { courseId } from "./course.ts";
import { userId } from "./profile.ts";
import { requiredText, text } from "./text.ts";
import { filePath, workspaceId } from "./workspace.ts";

/** Limits of assignments (docs/grading.md); each refusal names its limit. */
export const assignmentLimits = {
  title: 200,
  /** Characters of the Markdown statement. */
  statementChars: 64 * 1024,
  testsPerAssignment: 200,
  /** Bytes of stdin, expected output and files of all tests of one assignment. */
  testDataBytes: 16 * 1024 * 1024,
  testName: 200,
  filesPerTest: 20,
  argsPerTest: 64,
  pointsPerTest: 1000,
  checkerFiles: 10,
  checkerBytes: 512 * 1024,
  reason: 1000,
} as const;

export const assignmentId = z.uuid({ error: "must be an assignment id (a UUID)" });
export const submissionId = z.uuid({ error: "must be a submission id (a UUID)" });
export const assignmentRef = z.object({ assignmentId }).strict();
export const submissionRef = z.object({ submissionId }).strict();
/** Pairs of students' final submissions ranked by similarity (assignment.similarity). */
export const assignmentSimilarityInput = z
  .object({
    assignmentId,
    /** Pairs under this similarity (0 to 1) are left out. */
    minSimilarity: z.number({ error: "must be a number from 0 to 1" }).min(0).max(1).default(0.25),
    /** The most pairs returned, the most similar first. */
    maxPairs: z.number({ error: "must be a whole number" }).int().min(1).max(500, { error: "is at most 500" }).default(100),
  })
  .strict();

const language = z.enum(languageIds as unknown as [string, ...string[]], { error: `must be one of ${languageIds.join(", ")}` });
const date = z.coerce.date({ error: "must be a date" });
const percent = z
  .number({ error: "must be a number" })
  .int({ error: "must be a whole number" })
  .min(0, { error: "must be 0 or more" })
  .max(100, { error: "is over the maximum of 100" });
/** One field of test data (stdin, expected output, a file): at most the whole assignment's allowance, checked before the total. */
const testData = z
  .string({ error: "must be text" })
  .max(assignmentLimits.testDataBytes, { error: `is too long: the limit is ${assignmentLimits.testDataBytes / 1024 / 1024} MiB` });

const storedFile = z.object({ path: filePath, content: testData }).strict();

export const assignmentFields = z.object({
  title: requiredText("title", assignmentLimits.title),
  statement: z.string({ error: "must be text" }).max(assignmentLimits.statementChars, {
    error: `is too long: the limit is ${assignmentLimits.statementChars} characters`,
  }),
  languages: z.array(language).min(1, { error: "needs at least one language" }).max(languageIds.length),
  opensAt: date.nullable(),
  dueAt: date.nullable(),
  acceptLate: z.boolean({ error: "must be true or false" }),
  latePenaltyPerDay: percent,
  latePenaltyCap: percent,
  graceMinutes: z
    .number()
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be 0 or more" })
    .max(7 * 24 * 60, { error: "is over the maximum of 10080 (a week)" }),
  attemptLimit: z
    .number()
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(1000, { error: "is over the maximum of 1000" })
    .nullable(),
  compileErrorUsesAttempt: z.boolean({ error: "must be true or false" }),
  scorePolicy: z.enum(["best", "last"], { error: "must be best or last" }),
});

export const assignmentCreateInput = assignmentFields
  .partial()
  .extend({
    courseId,
    title: assignmentFields.shape.title,
    languages: assignmentFields.shape.languages,
    /** The starter: this workspace's files (default: the course template). */
    starterWorkspaceId: workspaceId.optional(),
  })
  .strict();
export type AssignmentCreateInput = z.input<typeof assignmentCreateInput>;

export const assignmentUpdateInput = assignmentFields
  .partial()
  .extend({ assignmentId, starterWorkspaceId: workspaceId.optional() })
  .strict();
export type AssignmentUpdateInput = z.input<typeof assignmentUpdateInput>;

const tolerance = z
  .number({ error: "must be a number" })
  .min(0, { error: "must be 0 or more" })
  .max(1, { error: "is over the maximum of 1" });
/** A comparison mode (services/grading/compare.ts) or the assignment's checker program. */
export const testCompare = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("exact") }).strict(),
  z.object({ mode: z.literal("judge0") }).strict(),
  z.object({ mode: z.literal("tokens") }).strict(),
  z.object({ mode: z.literal("floats"), absTolerance: tolerance.optional(), relTolerance: tolerance.optional() }).strict(),
  z.object({ mode: z.literal("unorderedLines") }).strict(),
  z.object({ mode: z.literal("regex"), ignoreCase: z.boolean().optional(), dotAll: z.boolean().optional() }).strict(),
  z.object({ mode: z.literal("checker") }).strict(),
]);
export type TestCompare = z.infer<typeof testCompare>;

const testLimit = (max: number) =>
  z
    .number()
    .int({ error: "must be a whole number" })
    .positive({ error: "must be positive" })
    .max(max, { error: `is over the maximum of ${max}` });

export const assignmentTestInput = z
  .object({
    /** An existing test's id (kept, with its results, unless it changes); absent for a new test. */
    id: z.uuid().optional(),
    name: requiredText("name", assignmentLimits.testName),
    stdin: testData.default(""),
    expected: testData.default(""),
    args: z
      .array(z.string().max(4096, { error: "is too long: the limit is 4096 characters" }))
      .max(assignmentLimits.argsPerTest)
      .default([]),
    files: z
      .array(storedFile)
      .max(assignmentLimits.filesPerTest, { error: `has too many files: the limit is ${assignmentLimits.filesPerTest}` })
      .default([]),
    points: z
      .number()
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be 0 or more" })
      .max(assignmentLimits.pointsPerTest, { error: `is over the maximum of ${assignmentLimits.pointsPerTest}` })
      .default(1),
    limits: z
      .object({ cpuMs: testLimit(30_000).optional(), wallMs: testLimit(300_000).optional(), memoryKb: testLimit(1024 * 1024).optional() })
      .strict()
      .default({}),
    compare: testCompare.default({ mode: "judge0" }),
    visibility: z.enum(["visible", "hidden", "after_due"], { error: "must be visible, hidden or after_due" }).default("visible"),
    gate: z.boolean().default(false),
  })
  .strict();
export type AssignmentTestInput = z.input<typeof assignmentTestInput>;

export const assignmentSetTestsInput = z
  .object({
    assignmentId,
    // The count limit is checked by the service too (with the data size), so its message names the limit.
    tests: z.array(assignmentTestInput).max(assignmentLimits.testsPerAssignment, {
      error: `has too many tests: the limit is ${assignmentLimits.testsPerAssignment} per assignment`,
    }),
    /** The checker program used by tests whose compare mode is "checker"; null removes it. */
    checker: z
      .object({
        language,
        files: z.array(storedFile).min(1, { error: "needs the checker's source" }).max(assignmentLimits.checkerFiles),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type AssignmentSetTestsInput = z.input<typeof assignmentSetTestsInput>;

export const assignmentExtensionInput = z.object({ assignmentId, userId, dueAt: date.nullable() }).strict();

export const submissionEventsInput = z.object({ submissionId, lastEventId: z.string().nullish() }).strict();
export const submissionListInput = z.object({ assignmentId, userId: userId.optional() }).strict();

export const gradeOverrideInput = z
  .object({
    assignmentId,
    userId,
    /** The grade; null removes the override. */
    score: z.number({ error: "must be a number" }).min(0, { error: "must be 0 or more" }).max(1_000_000).nullable(),
    reason: text("reason", assignmentLimits.reason).min(1, { error: "is required: say why the grade is set by hand" }),
  })
  .strict();

export const gradebookInput = z.object({ courseId, userId: userId.optional() }).strict();
