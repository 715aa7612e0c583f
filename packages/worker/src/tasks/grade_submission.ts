import type { Database } from "@codeclass/db";
import { taskPayloads } from "@codeclass/jobs";
import type { Build, RunResult } from "@codeclass/sandbox";
import type { SandboxChoice } from "@codeclass/sandbox/select";
import { assignment as assignmentDomain, grading } from "@codeclass/services";
import type { Task } from "graphile-worker";
import type { Logger } from "pino";

export interface GradeSubmissionDeps {
  db: Database;
  log: Logger;
  /** The sandbox, chosen once per worker process. */
  sandbox: () => Promise<SandboxChoice>;
}

type Plan = assignmentDomain.GradingPlan;
type Test = Plan["tests"][number];

/** The checker's files in its box, and its command-line arguments (docs/grading.md). */
const checkerArgs = ["input.txt", "expected.txt", "actual.txt"];

/**
 * Grades one submission: compiles it ONCE in one box, then runs each test to run against that
 * build in order (a failed gate test skips the rest), judging each output with its compare mode
 * or the assignment's checker (compiled once too, in a box of its own: student code never shares
 * a box with it). Each result is recorded (and streamed) as it finishes; then the score.
 */
export function gradeSubmission(deps: GradeSubmissionDeps): Task {
  return async (payload, helpers) => {
    const { submissionId, regradeId } = taskPayloads.grade_submission.parse(payload);
    const log = deps.log.child({ submissionId, jobId: helpers.job.id });
    const plan = await assignmentDomain.claimSubmission(deps.db, submissionId, regradeId !== undefined);
    if (!plan) return;
    const choice = await deps.sandbox();
    if (!choice.ok) {
      await assignmentDomain.finishSubmission(deps.db, plan, { verdict: "INTERNAL_ERROR", output: choice.reason }, regradeId);
      return;
    }
    const { submission, assignment } = plan;
    let build: Build | null = null;
    let checker: Build | null = null;
    try {
      build = await choice.sandbox.openBuild({
        language: submission.language,
        files: submission.files,
        entry: submission.entry ?? undefined,
        // The box is sized for the most any test asks.
        limits: {
          memoryKb: Math.max(256 * 1024, ...plan.toRun.map((t) => t.limits.memoryKb ?? 0)),
          cpuMs: Math.max(5000, ...plan.toRun.map((t) => t.limits.cpuMs ?? 0)),
          wallMs: Math.max(30_000, ...plan.toRun.map((t) => t.limits.wallMs ?? 0)),
        },
      });
      if (!build.compile.ok) {
        await assignmentDomain.finishSubmission(
          deps.db,
          plan,
          { verdict: build.compile.verdict, output: build.compile.output || build.compile.message },
          regradeId,
        );
        return;
      }
      if (assignment.checker && plan.toRun.some((t) => t.compare.mode === "checker"))
        checker = await choice.sandbox.openBuild({ language: assignment.checker.language, files: assignment.checker.files });
      // Results are written (and streamed) in order while the next test already runs.
      let writes: Promise<void> = Promise.resolve();
      const record = (row: Parameters<typeof assignmentDomain.recordResult>[1]) => {
        writes = writes.then(() => assignmentDomain.recordResult(deps.db, row));
        writes.catch(() => {}); // handled where it is awaited, after the last test
      };
      let gateFailed = [...plan.kept.values()].some((r) => r.verdict !== "accepted" && plan.tests.find((t) => t.id === r.testId)?.gate);
      for (const test of plan.toRun) {
        const base = {
          submissionId,
          testId: test.id,
          testRevision: test.revision,
          round: plan.round,
          maxPoints: test.points,
          regradeId: regradeId ?? null,
        };
        if (gateFailed) {
          record({ ...base, verdict: "skipped", points: 0 });
          continue;
        }
        // A test the sandbox refuses (a data file named like a source file, input over the limit) fails alone, saying why.
        const judged = await runTest(build, checker, test).catch((err: Error) => {
          if (err.name !== "SandboxInputError") throw err;
          return { verdict: "INTERNAL_ERROR", points: 0, message: `This test cannot run: ${err.message}` };
        });
        record({ ...base, ...judged });
        if (test.gate && judged.verdict !== "accepted") gateFailed = true;
      }
      await writes;
      await assignmentDomain.finishSubmission(deps.db, plan, { verdict: "OK", output: build.compile.output }, regradeId);
    } catch (err) {
      log.error({ err }, "grading failed");
      await assignmentDomain.finishSubmission(
        deps.db,
        plan,
        { verdict: "INTERNAL_ERROR", output: "Grading failed (not your code); submit again" },
        regradeId,
      );
    } finally {
      await Promise.all([build?.close(), checker?.close()]);
    }
  };
}

async function runTest(build: Build, checker: Build | null, test: Test) {
  const ran: RunResult = await build.run({ stdin: test.stdin, args: test.args, files: test.files, limits: test.limits });
  const usage = { cpuMs: ran.cpuMs, wallMs: ran.wallMs, memoryKb: ran.memoryKb, stdout: ran.stdout, stderr: ran.stderr };
  if (ran.verdict !== "OK") return { ...usage, verdict: ran.verdict, points: 0, message: ran.message };
  if (test.compare.mode === "checker") {
    if (!checker?.compile.ok)
      return {
        ...usage,
        verdict: "checker_failed",
        points: 0,
        message: `The checker does not compile: ${checker?.compile.message ?? "no checker"}`,
      };
    const answer = assignmentDomain.checkerVerdict(
      await checker.run({
        args: checkerArgs,
        files: [
          { path: "input.txt", content: test.stdin },
          { path: "expected.txt", content: test.expected },
          { path: "actual.txt", content: ran.stdout },
        ],
        limits: { cpuMs: 5000, wallMs: 10_000 },
      }),
      test.points,
    );
    return { ...usage, verdict: answer.verdict, points: answer.points, message: answer.message };
  }
  const { mode, ...options } = test.compare;
  const compared = grading.compareOutput(mode, test.expected, ran.stdout, options);
  return {
    ...usage,
    verdict: compared.accepted ? "accepted" : "wrong_answer",
    points: compared.accepted ? test.points : 0,
    message: compared.message ?? "",
  };
}
