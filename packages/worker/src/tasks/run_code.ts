import type { Database } from "@codeclass/db";
import { taskPayloads } from "@codeclass/jobs";
import type { RunResult } from "@codeclass/sandbox";
import type { Sandbox, SandboxChoice } from "@codeclass/sandbox/select";
import { pollCode, run as runDomain } from "@codeclass/services";
import type { Task } from "graphile-worker";
import type { Logger } from "pino";
import { createEventWriter } from "../runs/event-writer.ts";
import { notRun } from "../runs/not-run.ts";

export interface RunCodeDeps {
  /** The database, as the services use it (the claim, events, input and finish are services/run's). */
  db: Database;
  log: Logger;
  /** The sandbox, chosen once per worker process. */
  sandbox: () => Promise<SandboxChoice>;
  inputs: runDomain.NotifyHub;
  heartbeatMs?: number;
  /** Runs in progress in this process (so shutdown can stop them). */
  active?: Set<{ cancel(message?: string): void }>;
}

/** The run's columns the task reads, typed by the schema. */
type Row = runDomain.ClaimedRun;

/** Takes a queued run, runs it in the sandbox, streams its events, records the verdict. */
export function runCode(deps: RunCodeDeps): Task {
  return async (payload, helpers) => {
    const { runId } = taskPayloads.run_code.parse(payload);
    const log = deps.log.child({ runId, jobId: helpers.job.id });
    const run = await runDomain.claim(deps.db, runId);
    if (!run) return; // finished or taken already (a retried job)
    const events = createEventWriter(deps.db, runId, run.lastSeq + 1);
    const finish = (result: Omit<RunResult, "stdout" | "stderr" | "compileOutput"> & { driver: string | null }) =>
      recordResult(events, result);

    // Stopped while it waited (its owner pressed Stop, or a newer answer replaced it): no sandbox.
    if (run.cancelRequested) await finish({ ...notRun("STOPPED", "Stopped by the user before it started"), driver: null });
    else {
      const choice = await deps.sandbox();
      if (!choice.ok)
        await finish({ ...notRun("INTERNAL_ERROR", `Code execution is unavailable on this server: ${choice.reason}`), driver: null });
      else await runInSandbox(choice.sandbox, run, deps, events, log, finish);
    }
    // A code question's test run: its verdict counts for the student's answer (nothing for other runs).
    await pollCode.gradeRun(deps.db, runId).catch((err) => log.error({ err }, "grading the code question's run failed"));
  };
}

async function runInSandbox(
  sandbox: Sandbox,
  run: Row,
  deps: RunCodeDeps,
  events: ReturnType<typeof createEventWriter>,
  log: Logger,
  finish: (r: Omit<RunResult, "stdout" | "stderr" | "compileOutput"> & { driver: string | null }) => Promise<void>,
) {
  let lastInputId = 0;
  let handle: Awaited<ReturnType<Sandbox["start"]>> | null = null;
  /**
   * Delivers new input and a stop request; one at a time, and only once the program exists. One
   * query: the stop flag with the input rows after the last one delivered.
   */
  const pullOnce = async () => {
    if (!handle) return; // input typed while queued stays in the table until the program exists
    const pending = await runDomain.readInputs(deps.db, run.id, lastInputId);
    for (const input of pending.inputs) {
      lastInputId = input.id;
      if (input.data) handle.write(input.data);
      if (input.eof) handle.closeStdin();
    }
    if (pending.cancelRequested) handle.cancel();
  };
  /** Every few seconds: the heartbeat that tells the sweep this run is alive, then a pull (a missed NOTIFY costs a few seconds, not the input). */
  const beat = async () => {
    await runDomain.heartbeat(deps.db, run.id);
    await pullOnce();
  };
  let pulling: Promise<void> = Promise.resolve();
  /** Pulls and beats run one at a time. */
  const serially = (f: () => Promise<void>) => (pulling = pulling.then(f, f));
  const pullInputs = () => serially(pullOnce);
  const stopListening = deps.inputs.on(run.id, () => void pullInputs().catch((err) => log.warn({ err }, "reading input failed")));
  const heartbeat = setInterval(() => void serially(beat).catch(() => {}), deps.heartbeatMs ?? 2000);
  try {
    handle = await sandbox.start(
      { language: run.language, files: run.files, stdin: run.stdin, args: run.args, limits: run.limits, interactive: run.interactive },
      (e) => {
        // Output, and "input" (the program is waiting for input, or not any more), are stored as they come.
        if (e.type === "phase") events.push({ type: "status", status: e.phase });
        else events.push(e);
      },
    );
    deps.active?.add(handle);
    // Input typed (or a stop asked for) while the run was queued; not awaited, so a short program
    // does not wait for these queries.
    void pullInputs().catch((err) => log.warn({ err }, "reading input failed"));
    const result = await handle.done;
    await finish({ ...result, driver: sandbox.driver });
  } catch (err) {
    log.error({ err }, "run failed before it started");
    const message =
      err instanceof Error && err.name === "SandboxInputError" ? err.message : "The sandbox failed (not your code); run it again";
    await finish({
      ...notRun(err instanceof Error && err.name === "SandboxInputError" ? "COMPILE_ERROR" : "INTERNAL_ERROR", message),
      driver: sandbox.driver,
    });
  } finally {
    clearInterval(heartbeat);
    stopListening();
    if (handle) deps.active?.delete(handle);
  }
}

async function recordResult(
  events: ReturnType<typeof createEventWriter>,
  r: Omit<RunResult, "stdout" | "stderr" | "compileOutput"> & { driver: string | null },
) {
  const result = {
    verdict: r.verdict,
    message: r.message,
    exitCode: r.exitCode,
    signal: r.signal,
    cpuMs: r.cpuMs,
    wallMs: r.wallMs,
    memoryKb: r.memoryKb,
    timeLimit: r.timeLimit ?? null,
  };
  // The row is finished in the same statement that publishes "end": whoever sees "end" finds the run finished.
  await events.end({ type: "end", result }, { ...result, driver: r.driver });
}
