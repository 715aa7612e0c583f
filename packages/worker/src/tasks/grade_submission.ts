import os from "node:os";
import type { Database } from "@codeclass/db";
import { taskPayloads } from "@codeclass/jobs";
import { type Build, languages, type RunResult } from "@codeclass/sandbox";
import type { SandboxChoice } from "@codeclass/sandbox/select";
import { assignment as assignmentDomain, grading } from "@codeclass/services";
import type { Task } from "graphile-worker";
import type { Logger } from "pino";

export interface GradeSubmissionDeps {
  db: Database;
  log: Logger;
  /** The sandbox, chosen once per worker process. */
  sandbox: () => Promise<SandboxChoice>;
  /** Boxes a submission's tests may share when nothing is compiled (default `defaultGradingLanes()`). */
  lanes?: number;
}

type Plan = assignmentDomain.GradingPlan;
type Test = Plan["tests"][number];

/** The checker's files in its box, and its command-line arguments (docs/grading.md). */
const checkerArgs = ["input.txt", "expected.txt", "actual.txt"];

/**
 * Grades one submission: compiles it ONCE in one box, then runs each test against that build
 * (where nothing is compiled, shared over up to `deps.lanes` boxes: `laneCount`; a failed gate
 * test skips the rest), judging each output with its compare mode
 * or the assignment's checker (compiled once too, in a box of its own: student code never shares
 * a box with it). Each result is recorded (and streamed) in test order as it finishes; then the score.
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
    const lanes: Build[] = [];
    const buildRequest = {
      language: submission.language,
      files: submission.files,
      entry: submission.entry ?? undefined,
      // The box is sized for the most any test asks.
      limits: {
        memoryKb: Math.max(256 * 1024, ...plan.toRun.map((t) => t.limits.memoryKb ?? 0)),
        cpuMs: Math.max(5000, ...plan.toRun.map((t) => t.limits.cpuMs ?? 0)),
        wallMs: Math.max(30_000, ...plan.toRun.map((t) => t.limits.wallMs ?? 0)),
      },
    };
    // More boxes for the tests when building is only a syntax check (nothing compiled to share), opened meanwhile.
    const extraLanes = Array.from(
      { length: laneCount(submission.language, plan.toRun.length, deps.lanes ?? defaultGradingLanes()) - 1 },
      () => choice.sandbox.openBuild(buildRequest).catch(() => null),
    );
    try {
      build = await choice.sandbox.openBuild(buildRequest);
      lanes.push(build);
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
      for (const lane of await Promise.all(extraLanes)) if (lane?.compile.ok) lanes.push(lane);
      // Results are written (and streamed) in test order, each as soon as the tests before it are
      // written: a test that finishes before an earlier one still running waits for it.
      let writes: Promise<void> = Promise.resolve();
      const write = (row: Parameters<typeof assignmentDomain.recordResult>[1]) => {
        writes = writes.then(() => assignmentDomain.recordResult(deps.db, row));
        writes.catch(() => {}); // handled where it is awaited, after the last test
      };
      const finished = new Map<number, Parameters<typeof write>[0]>();
      let written = 0;
      const record = (position: number, row: Parameters<typeof write>[0]) => {
        finished.set(position, row);
        for (let next = finished.get(written); next; next = finished.get(written)) {
          finished.delete(written++);
          write(next);
        }
      };
      const base = (test: Test) => ({
        submissionId,
        testId: test.id,
        testRevision: test.revision,
        round: plan.round,
        maxPoints: test.points,
        regradeId: regradeId ?? null,
      });
      let gateFailed = [...plan.kept.values()].some((r) => r.verdict !== "accepted" && plan.tests.find((t) => t.id === r.testId)?.gate);
      // Tests up to and including each gate run together (each box one test at a time); a failed gate skips the rest.
      let offset = 0;
      for (const segment of gateSegments(plan.toRun)) {
        const first = offset;
        offset += segment.length;
        if (gateFailed) {
          for (const [i, test] of segment.entries()) record(first + i, { ...base(test), verdict: "skipped", points: 0 });
          continue;
        }
        let next = 0;
        await Promise.all(
          lanes.map(async (lane) => {
            for (let i = next++; i < segment.length; i = next++) {
              const test = segment[i]!;
              // A test the sandbox refuses (a data file named like a source file, input over the limit) fails alone, saying why.
              const judged = await runTest(lane, checker, test).catch((err: Error) => {
                if (err.name !== "SandboxInputError") throw err;
                return { verdict: "INTERNAL_ERROR", points: 0, message: `This test cannot run: ${err.message}` };
              });
              record(first + i, { ...base(test), ...judged });
              if (test.gate && judged.verdict !== "accepted") gateFailed = true;
            }
          }),
        );
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
      const extra = await Promise.all(extraLanes);
      await Promise.all([build, checker, ...extra].map((b) => b?.close()));
    }
  };
}

/**
 * How many boxes one submission's tests may share at once where nothing is compiled: one per two
 * cores, at most two. A test's run keeps about two cores busy on its own (the sandbox's processes,
 * the interpreter, the launcher): on a 2-core machine a second box only adds its start (measured
 * with `pnpm bench:grading`: 20 Python tests in 1,574 ms with two boxes, 1,602 ms with one).
 */
export function defaultGradingLanes(cpus = os.availableParallelism()): number {
  return Math.max(1, Math.min(2, Math.floor(cpus / 2)));
}

/**
 * Boxes a submission's tests are shared over: one where the build is a real compile (C, C++, Java,
 * Go, TypeScript: compiled once, every test against that build); up to `lanes` where it is only a
 * syntax check (Python, JavaScript), which costs only a box's start. Each box keeps its own limits
 * and usage reading, so tests never share one at the same time.
 */
export function laneCount(language: string, tests: number, lanes: number): number {
  const compiled = Boolean(languages[language as keyof typeof languages]?.compile);
  return compiled ? 1 : Math.max(1, Math.min(lanes, tests));
}

/** The tests in runs that end at each gate test (the last run may end without one). */
export function gateSegments<T extends { gate: boolean }>(tests: readonly T[]): T[][] {
  const segments: T[][] = [[]];
  for (const t of tests) {
    segments.at(-1)!.push(t);
    if (t.gate) segments.push([]);
  }
  return segments.filter((s) => s.length > 0);
}

async function runTest(build: Build, checker: Build | null, test: Test) {
  // Only a visible test's run may share a sandbox with the tests after it: what a hidden test reads
  // must not reach a later test's output, and a kept sandbox may carry a little (see Box.execWithInput).
  const share = test.visibility === "visible";
  const ran: RunResult = await build.run({ stdin: test.stdin, args: test.args, files: test.files, limits: test.limits, share });
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
        share,
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
