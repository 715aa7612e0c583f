import { randomBytes } from "node:crypto";
import type { Box, BoxExit, BoxProcess, BoxProvider } from "./box.ts";
import { CheckedStderr } from "./check-marker.ts";
import { validateRun } from "./files.ts";
import { type Language, languages } from "./languages.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import { formatBytes, OutputCapture } from "./output.ts";
import type { LanguageId } from "./rules.ts";
import {
  type RunEvent,
  type RunHandle,
  type RunRequest,
  type RunResult,
  SandboxInputError,
  type SourceFile,
  type Verdict,
} from "./types.ts";

const compileOutputLimit = 64 * 1024;
/** How often the box's CPU time (and, for an interactive run, whether it waits for input) is read during a run (see watch). */
const watchMs = 100;
/** How long the program must wait for input before the "input" event says so (a program reading given lines never does). */
const inputEventDelayMs = 300;
/** CPU the box may use between two samples and still count as waiting for input: a blocked program uses none. */
const idleCpuShare = 0.05;
const seconds = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;
/** A measured time, precise enough to be told apart from the limit beside it ("5.04 s" over "5 s"). */
const measured = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** A duration for people: "45 s", "10 min", "2 min 30 s". */
const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  if (s < 60) return seconds(ms);
  return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
};
/**
 * The per-process RLIMIT_CPU the run phase gets: a backstop above the CPU limit, which is enforced
 * on the box's cgroup CPU time (see watch), the figure the result reports. The kernel's
 * per-process clock behind RLIMIT_CPU is sampled on ticks and can run ahead of the cgroup's
 * (5 s of it measured 4.55 s in the cgroup): were it the limit, the verdict would say "over 5 s"
 * beside a smaller measure.
 */
export const cpuBackstopMs = (cpuMs: number) => cpuMs + Math.max(1000, Math.ceil(cpuMs / 4));

/**
 * Starts a run in a fresh box from `provider`: validate, write files, compile (if the
 * language compiles), run with streamed output and live stdin, judge, destroy the box.
 * Throws SandboxInputError for a bad request before anything runs; any later failure
 * becomes an INTERNAL_ERROR result.
 */
export async function startRun(provider: BoxProvider, request: RunRequest, onEvent: (e: RunEvent) => void = () => {}): Promise<RunHandle> {
  const languageId = request.language;
  let limits: Limits;
  try {
    limits = resolveLimits(request.limits, languages[languageId as LanguageId]?.adjust);
  } catch (e) {
    throw new SandboxInputError(e instanceof Error ? e.message : String(e), "limits");
  }
  const { language, entry } = validateRun(languageId, request.files, limits, request.entry);
  const args = request.args ?? [];
  if (args.length > 64 || args.some((a) => typeof a !== "string" || a.length > 4096 || a.includes("\0")))
    throw new SandboxInputError("args: at most 64 arguments of up to 4096 characters, without NUL", "args");
  const initialStdin = request.stdin ?? "";
  if (Buffer.byteLength(initialStdin) > limits.stdinBytes)
    throw new SandboxInputError(
      `stdin is ${formatBytes(Buffer.byteLength(initialStdin))}; the limit is ${formatBytes(limits.stdinBytes)}`,
      "stdin",
    );

  const run = new Run(provider, language, request.files, entry, args, limits, request.interactive === true, onEvent);
  run.queueStdin(initialStdin);
  if (!request.interactive) run.closeStdin();
  const done = run.execute();
  return {
    write: (data) => run.queueStdin(data),
    closeStdin: () => run.closeStdin(),
    cancel: (message) => run.cancel(message),
    done,
  };
}

class Run {
  private box: Box | null = null;
  private proc: BoxProcess | null = null;
  private stdinBytes = 0;
  private pendingStdin: string[] = [];
  private stdinClosed = false;
  private cancelled: string | null = null;
  private wallHit = false;
  private cpuHit = false;
  private idleHit = false;
  /** Run-phase wall time that counts toward the wall limit, and time spent waiting for input (see watch). */
  private countedMs = 0;
  private waitedMs = 0;
  /** The last sample found the program waiting for input (cleared when input is written). */
  private waiting = false;
  /** An "input" event said `waiting: true` and no `false` has followed yet. */
  private announcedWaiting = false;
  private filesToWrite: SourceFile[] | undefined;

  constructor(
    private readonly provider: BoxProvider,
    private readonly language: Language,
    private readonly files: SourceFile[],
    private readonly entry: string,
    private readonly args: string[],
    private readonly limits: Limits,
    private readonly interactive: boolean,
    private readonly onEvent: (e: RunEvent) => void,
  ) {
    this.filesToWrite = files;
  }

  queueStdin(data: string) {
    if (this.stdinClosed || !data) return;
    const bytes = Buffer.byteLength(data);
    if (this.stdinBytes + bytes > this.limits.stdinBytes) {
      // A flood of input closes stdin instead of growing without bound.
      this.closeStdin();
      return;
    }
    this.stdinBytes += bytes;
    // Input wakes the program: the clock runs again from now, not from the next sample.
    this.waiting = false;
    if (this.proc) this.writeToProcess(data);
    else this.pendingStdin.push(data);
  }

  closeStdin() {
    if (this.stdinClosed) return;
    this.stdinClosed = true;
    if (this.proc) this.proc.stdin.end();
  }

  cancel(message = "Stopped by the user") {
    this.cancelled ??= message;
    void this.stop();
  }

  private writeToProcess(data: string) {
    const stdin = this.proc!.stdin;
    if (!stdin.writableEnded && !stdin.destroyed) stdin.write(data);
  }

  /**
   * Every 100 ms of the run phase: the box's CPU time, read as a whole (many processes, each under
   * its own RLIMIT_CPU backstop), stops the run once it is over the CPU limit; and the wall clock
   * advances, except while the program waits for input. An interactive run with stdin open asks
   * the box whether its program is blocked on stdin (see input-wait.ts); it counts as waiting when
   * the box says so and its CPU time did not advance. That time goes to `waitedMs` instead of the
   * wall limit's `countedMs`, and one wait longer than `idleMs` ends the run.
   */
  private watch(): NodeJS.Timeout {
    const limits = this.limits;
    let sampling = false;
    let last = performance.now();
    let lastCpu: { at: number; cpuMs: number } | null = null;
    let waitingSince = 0;
    let waitedNow = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = now - last;
      last = now;
      const waiting = this.waiting && !this.stdinClosed;
      if (waiting) {
        this.waitedMs += elapsed;
        waitedNow += elapsed;
      } else {
        this.countedMs += elapsed;
        waitedNow = 0;
      }
      if (!this.wallHit && this.countedMs >= limits.wallMs) {
        this.wallHit = true;
        void this.stop();
      }
      if (!this.idleHit && waitedNow >= limits.idleMs) {
        this.idleHit = true;
        void this.stop();
      }
      if (sampling || this.cpuHit || this.wallHit || this.idleHit || this.cancelled) return;
      sampling = true;
      const sampleInput = this.interactive && !this.stdinClosed;
      const writtenBefore = this.stdinBytes;
      void Promise.all([this.box!.usage(), sampleInput ? this.box!.inputWait() : null])
        .then(([u, blocked]) => {
          if (u.cpuMs > limits.cpuMs && !this.cpuHit) {
            this.cpuHit = true;
            void this.stop();
          }
          const at = performance.now();
          const idleCpu = lastCpu !== null && u.cpuMs - lastCpu.cpuMs <= Math.max(5, (at - lastCpu.at) * idleCpuShare);
          lastCpu = { at, cpuMs: u.cpuMs };
          // Input written while the sample was read: the program has it (or will), so it is not waiting.
          this.waiting = blocked === true && idleCpu && this.stdinBytes === writtenBefore && !this.stdinClosed;
          if (!this.waiting) waitingSince = 0;
          else waitingSince ||= at;
          this.announceWaiting(this.waiting && at - waitingSince >= inputEventDelayMs);
        })
        .catch(() => {})
        .finally(() => (sampling = false));
    }, watchMs);
    timer.unref?.();
    return timer;
  }

  /** Emits an "input" event when the announced state changes (see RunEvent). */
  private announceWaiting(waiting: boolean) {
    if (waiting === this.announcedWaiting) return;
    this.announcedWaiting = waiting;
    this.onEvent({ type: "input", waiting });
  }

  /** The sources, for the box's first exec only (it writes them in the same step as it starts the command). */
  private takeFiles(): SourceFile[] | undefined {
    const files = this.filesToWrite;
    this.filesToWrite = undefined;
    return files;
  }

  /** Kills what runs in the box now; called again once a process exists if a stop came first. */
  private stop(): Promise<void> {
    return this.box ? this.box.killAll().catch(() => {}) : Promise.resolve();
  }

  async execute(): Promise<RunResult> {
    const started = performance.now();
    let compileOutput = "";
    try {
      this.box = await this.provider.open(this.limits);
      if (this.cancelled)
        return this.result({ verdict: "STOPPED", message: `${this.cancelled} before it started` }, started, compileOutput);
      const files = this.files;
      const ctx = { files, entry: this.entry, args: this.args, limits: this.limits };
      const env = this.language.env ?? {};

      if (this.language.compile) {
        this.onEvent({ type: "phase", phase: "compiling" });
        const compiled = await this.compile(this.language.compile(ctx), env);
        compileOutput = compiled.output;
        if (this.cancelled) return this.result({ verdict: "STOPPED", message: this.cancelled }, started, compileOutput);
        if (!compiled.ok) return this.result({ verdict: "COMPILE_ERROR", message: compiled.message }, started, compileOutput);
      }

      this.onEvent({ type: "phase", phase: "running" });
      await this.box.resetUsage();
      const output = new OutputCapture(
        this.limits.outputBytes,
        (stream, data) => this.onEvent({ type: stream, data }),
        () => void this.stop(),
      );
      // A language that checks its sources in the run command itself (Python's syntax) marks its errors on stderr.
      const marker = this.language.checkThenRun ? `codeclass-check-${randomBytes(12).toString("hex")}` : null;
      const checked = marker ? new CheckedStderr(marker, (c) => output.push("stderr", c), compileOutputLimit) : null;
      const proc = await this.box.exec({
        files: this.takeFiles(),
        argv: marker ? this.language.checkThenRun!(ctx, marker) : this.language.run(ctx),
        env,
        cpuMs: cpuBackstopMs(this.limits.cpuMs),
        fileSizeKb: this.limits.fileSizeKb,
      });
      this.proc = proc;
      if (this.cancelled || this.wallHit) void this.stop(); // a stop that came while the process was starting
      proc.stdin.on("error", () => {}); // the program may exit without reading its input
      for (const data of this.pendingStdin.splice(0)) this.writeToProcess(data);
      if (this.stdinClosed) proc.stdin.end();
      const runStarted = performance.now();
      const watch = this.watch();
      proc.stdout.on("data", (c: Buffer) => output.push("stdout", c));
      proc.stderr.on("data", (c: Buffer) => (checked ? checked.push(c) : output.push("stderr", c)));
      const ended = Promise.all([streamEnd(proc.stdout), streamEnd(proc.stderr)]);
      const status = await proc.exited.finally(() => clearInterval(watch));
      this.announceWaiting(false);
      // The time since the last tick: waiting for input only if the program was still at it.
      const waitedMs = Math.round(this.waitedMs);
      const wallMs = Math.max(0, Math.round(performance.now() - runStarted) - waitedMs);
      await Promise.race([ended, sleep(2000)]);
      checked?.end();
      output.end();
      if (checked?.failed && !this.cancelled) {
        compileOutput = checked.text;
        this.onEvent({ type: "compile", data: compileOutput });
        return this.result({ verdict: "COMPILE_ERROR", message: "Compilation failed: see the compiler's output" }, started, compileOutput);
      }
      const usage = await this.box.usage();
      return this.judge(status, usage, output, wallMs, waitedMs, compileOutput);
    } catch (e) {
      if (e instanceof SandboxInputError) throw e;
      // A stop that lands while the box is being prepared interrupts that work: not a sandbox failure.
      if (this.cancelled)
        return this.result({ verdict: "STOPPED", message: `${this.cancelled} before it started` }, started, compileOutput);
      return this.result(
        { verdict: "INTERNAL_ERROR", message: `The sandbox failed (not your code): ${e instanceof Error ? e.message : String(e)}` },
        started,
        compileOutput,
      );
    } finally {
      // Nothing the program started outlives the result: kill it all now. Removing the box
      // (container, mount, cgroups) finishes in the background; `settle()` waits for it.
      const box = this.box;
      if (box) {
        await box.killAll().catch(() => {});
        trackBoxCleanup(this.provider, destroyAfterResult(box));
      }
    }
  }

  private async compile(argv: string[], env: Record<string, string>): Promise<{ ok: boolean; output: string; message: string }> {
    const box = this.box!;
    await box.resetUsage();
    const proc = await box.exec({ files: this.takeFiles(), argv, env, cpuMs: this.limits.compileMs, fileSizeKb: this.limits.fileSizeKb });
    if (this.cancelled) void box.killAll();
    proc.stdin.on("error", () => {});
    proc.stdin.end();
    // Compiler output: stdout and stderr interleaved as they come, under one budget.
    let output = "";
    const capture = new OutputCapture(
      compileOutputLimit,
      (_stream, data) => {
        output += data;
        this.onEvent({ type: "compile", data });
      },
      () => {},
      "compiler output",
    );
    proc.stdout.on("data", (c: Buffer) => capture.push("stdout", c));
    proc.stderr.on("data", (c: Buffer) => capture.push("stderr", c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void box.killAll();
    }, this.limits.compileMs);
    const status = await proc.exited;
    clearTimeout(timer);
    await Promise.race([Promise.all([streamEnd(proc.stdout), streamEnd(proc.stderr)]), sleep(2000)]);
    capture.end();
    if (timedOut) return { ok: false, output, message: `Compilation took longer than ${seconds(this.limits.compileMs)}` };
    if (status.overflow) return { ok: false, output, message: `The compiler was stopped: ${status.overflow}` };
    const usage = await box.usage();
    if (usage.oomKilled)
      return { ok: false, output, message: `The compiler ran out of memory (limit ${formatBytes(this.limits.memoryKb * 1024)})` };
    if (status.exitCode !== 0)
      return {
        ok: false,
        output,
        message: status.signal ? `The compiler was killed (${status.signal})` : "Compilation failed: see the compiler's output",
      };
    return { ok: true, output, message: "" };
  }

  private judge(
    status: BoxExit,
    usage: { cpuMs: number; memoryKb: number; oomKilled: boolean },
    output: OutputCapture,
    wallMs: number,
    inputWaitMs: number,
    compileOutput: string,
  ): RunResult {
    const base = {
      exitCode: status.exitCode,
      signal: status.signal,
      stdout: output.text.stdout,
      stderr: output.text.stderr,
      compileOutput,
      cpuMs: usage.cpuMs,
      wallMs,
      ...(inputWaitMs > 0 ? { inputWaitMs } : {}),
      memoryKb: usage.memoryKb,
    };
    const verdict = (verdict: Verdict, message: string, extra: Partial<RunResult> = {}): RunResult => ({
      ...base,
      verdict,
      message,
      ...extra,
    });
    const l = this.limits;
    if (this.cancelled) return verdict("STOPPED", this.cancelled);
    if (output.exceeded) return verdict("OUTPUT_LIMIT", `Output limit exceeded: more than ${formatBytes(l.outputBytes)} of output`);
    if (status.overflow) return verdict("OUTPUT_LIMIT", `Output limit exceeded: ${status.overflow}`);
    if (status.signal === "SIGXCPU" || usage.cpuMs > l.cpuMs || this.cpuHit) {
      // Enforced on the cgroup's CPU time, which is what `cpuMs` reports; only the RLIMIT_CPU
      // backstop (a driver that cannot read CPU time during the run) stops it on the process's own
      // clock, which had then reached the backstop: report that, never a figure under the limit.
      const cpuMs = usage.cpuMs > l.cpuMs ? usage.cpuMs : Math.max(usage.cpuMs, Math.ceil(cpuBackstopMs(l.cpuMs) / 1000) * 1000);
      return verdict("TIME_LIMIT", `Time limit exceeded: ${measured(cpuMs)} of CPU time; the limit is ${seconds(l.cpuMs)}`, {
        timeLimit: "cpu",
        cpuMs,
      });
    }
    if (this.wallHit) {
      const waited = inputWaitMs >= 1000 ? ` (not counting ${duration(inputWaitMs)} spent waiting for input)` : "";
      return verdict("TIME_LIMIT", `Time limit exceeded: still running after ${seconds(l.wallMs)}${waited}`, {
        timeLimit: "wall",
        wallMs: Math.max(wallMs, Math.round(this.countedMs)),
      });
    }
    if (this.idleHit)
      return verdict("TIME_LIMIT", `Stopped: the program waited more than ${duration(l.idleMs)} for input`, { timeLimit: "idle" });
    const javaOom = /java\.lang\.OutOfMemoryError/.test(output.text.stderr);
    const pythonOom = /^MemoryError\b/m.test(output.text.stderr);
    if (usage.oomKilled || javaOom || pythonOom)
      return verdict("MEMORY_LIMIT", `Memory limit exceeded: more than ${formatBytes(l.memoryKb * 1024)}`);
    if (status.exitCode === 0 && !status.signal) return verdict("OK", "Finished");
    if (status.signal) return verdict("RUNTIME_ERROR", `Runtime error: killed by ${status.signal}`);
    return verdict("RUNTIME_ERROR", `Runtime error: exit code ${status.exitCode}`);
  }

  private result(partial: { verdict: Verdict; message: string; signal?: string }, started: number, compileOutput: string): RunResult {
    return {
      exitCode: null,
      signal: partial.signal ?? null,
      stdout: "",
      stderr: "",
      compileOutput,
      cpuMs: 0,
      wallMs: Math.round(performance.now() - started),
      memoryKb: 0,
      ...partial,
    };
  }
}

/**
 * How long a finished run's box waits before it is removed: its processes are dead already
 * (killAll), and its removal (cgroups, unmount, work dir) would otherwise take CPU while the result
 * is on its way to the student (measured on 2 cores: the end reached the client 10-11 ms after it
 * was stored, 6-7 ms with the removal held back).
 */
export const boxRemovalDelayMs = 100;

/** Removes a finished run's box after boxRemovalDelayMs (a timer that keeps the process alive until then: `settle` waits for it). */
export function destroyAfterResult(box: Box): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, boxRemovalDelayMs)).then(() => box.destroy()).catch(() => {});
}

const cleanups = new WeakMap<BoxProvider, Set<Promise<void>>>();

/** Counts a box's removal as pending for `settle(provider)`. */
export function trackBoxCleanup(provider: BoxProvider, cleanup: Promise<void>) {
  const pending = cleanups.get(provider) ?? new Set<Promise<void>>();
  cleanups.set(provider, pending);
  pending.add(cleanup);
  void cleanup.finally(() => pending.delete(cleanup));
}

/** Waits until every box of finished runs on `provider` has been removed (call before closing it). */
export async function settle(provider: BoxProvider): Promise<void> {
  while (cleanups.get(provider)?.size) await Promise.all([...cleanups.get(provider)!]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref?.());
const streamEnd = (s: NodeJS.ReadableStream) =>
  new Promise<void>((resolve) => {
    if ((s as { readableEnded?: boolean }).readableEnded) return resolve();
    s.once("end", () => resolve());
    s.once("close", () => resolve());
    s.once("error", () => resolve());
  });
