import { randomBytes } from "node:crypto";
import { type Box, type BoxProvider, execWithStdin } from "./box.ts";
import { validateRun } from "./files.ts";
import { type Language, languages } from "./languages.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import { formatBytes, OutputCapture } from "./output.ts";
import type { LanguageId } from "./rules.ts";
import { cpuBackstopMs, destroyAfterResult, trackBoxCleanup } from "./run.ts";
import { type RunResult, SandboxInputError, type SourceFile, type Verdict } from "./types.ts";

const compileOutputLimit = 64 * 1024;
const watchMs = 50;
const seconds = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;

export interface BuildRequest {
  language: string;
  files: SourceFile[];
  /** The file to run (as in RunRequest). */
  entry?: string;
  /** The box's limits: memory, processes and file size bound every run of the build; compileMs the compile step. */
  limits?: Partial<Limits>;
}

/** One execution against a build: its own stdin, arguments, extra files and (lower) time/memory/output limits. */
export interface BuildRunRequest {
  stdin?: string;
  args?: string[];
  /** Written under /box before the run (test data files); may not replace the build's sources. */
  files?: SourceFile[];
  limits?: Partial<Pick<Limits, "cpuMs" | "wallMs" | "memoryKb" | "outputBytes">>;
  /**
   * The run may share a sandbox with the build's other `share` runs (see Box.execWithInput): only
   * for runs whose input may reach any later run's output, a visible test's. Default: a sandbox of its own.
   */
  share?: boolean;
}

export interface BuildCompile {
  ok: boolean;
  /** COMPILE_ERROR or INTERNAL_ERROR when not ok. */
  verdict: Verdict;
  message: string;
  output: string;
  ms: number;
}

/**
 * A program compiled once in its own box, then run many times (one test after another) against
 * that one build: what grading needs (Judge0 compiles per test). Each run starts from the build as
 * compiled (the box's files put back, nothing of the run before left running) and gets a fresh usage
 * reading, its own limits and the same verdict rules as a single run. Runs are serialised: a
 * box's CPU and memory are measured as a whole, so two at once could not be told apart.
 */
export interface Build {
  readonly compile: BuildCompile;
  run(request: BuildRunRequest): Promise<RunResult>;
  /** Kills what is left and removes the box (in the background; `settle(provider)` waits). */
  close(): Promise<void>;
}

/** Opens a box, writes the sources and compiles them (Python: its syntax check). Throws SandboxInputError for a bad request. */
export async function openBuild(provider: BoxProvider, request: BuildRequest): Promise<Build> {
  let limits: Limits;
  try {
    limits = resolveLimits(request.limits, languages[request.language as LanguageId]?.adjust);
  } catch (e) {
    throw new SandboxInputError(e instanceof Error ? e.message : String(e), "limits");
  }
  const { language, entry } = validateRun(request.language, request.files, limits, request.entry);
  const started = performance.now();
  let box: Box;
  try {
    box = await provider.open(limits);
  } catch (e) {
    const message = `The sandbox failed (not your code): ${e instanceof Error ? e.message : String(e)}`;
    return closedBuild({ ok: false, verdict: "INTERNAL_ERROR", message, output: "", ms: 0 });
  }
  // A build's commands follow one another (compile or check, then each test): each sandbox is set up during the one before.
  box.keepWarm?.();
  const build = new BoxBuild(provider, box, language, request.files, entry, limits);
  try {
    const compiled = await build.compileOnce();
    // The build as compiled is what every run starts from (see runOne).
    if (compiled.ok) await box.saveWorkDir();
    build.compile = { ...compiled, ms: Math.round(performance.now() - started) };
  } catch (e) {
    build.compile = {
      ok: false,
      verdict: "INTERNAL_ERROR",
      message: `The sandbox failed (not your code): ${e instanceof Error ? e.message : String(e)}`,
      output: "",
      ms: 0,
    };
  }
  return build;
}

function closedBuild(compile: BuildCompile): Build {
  return {
    compile,
    run: async () => {
      throw new Error("the build failed; nothing to run");
    },
    close: async () => {},
  };
}

class BoxBuild implements Build {
  compile: BuildCompile = { ok: false, verdict: "INTERNAL_ERROR", message: "not compiled", output: "", ms: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** A run has used the box since the build was kept: the next one starts from the kept build. */
  private used = false;

  constructor(
    private readonly provider: BoxProvider,
    private readonly box: Box,
    private readonly language: Language,
    private readonly files: SourceFile[],
    private readonly entry: string,
    private readonly limits: Limits,
  ) {}

  private ctx(args: string[] = []) {
    return { files: this.files, entry: this.entry, args, limits: this.limits };
  }

  async compileOnce(): Promise<Omit<BuildCompile, "ms">> {
    const env = this.language.env ?? {};
    let argv: string[] | null = null;
    let marker: string | null = null;
    if (this.language.compile) argv = this.language.compile(this.ctx());
    else if (this.language.checkThenRun) {
      // The syntax check alone: the program it would start is an empty one.
      marker = `codeclass-check-${randomBytes(12).toString("hex")}`;
      argv = this.language.checkThenRun({ ...this.ctx(), entry: "-c", args: ["pass"] }, marker);
    }
    if (!argv) {
      await this.box.writeFiles(this.files);
      return { ok: true, verdict: "OK", message: "", output: "" };
    }
    await this.box.resetUsage();
    const proc = await this.box.exec({ files: this.files, argv, env, cpuMs: this.limits.compileMs, fileSizeKb: this.limits.fileSizeKb });
    proc.stdin.on("error", () => {});
    proc.stdin.end();
    let output = "";
    const capture = new OutputCapture(
      compileOutputLimit,
      (_s, d) => (output += d),
      () => {},
      "compiler output",
    );
    proc.stdout.on("data", (c: Buffer) => capture.push("stdout", c));
    proc.stderr.on("data", (c: Buffer) => capture.push("stderr", c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void this.box.killAll();
    }, this.limits.compileMs);
    const status = await proc.exited.finally(() => clearTimeout(timer));
    capture.end();
    if (marker) {
      if (output.startsWith(`${marker}\n`))
        return {
          ok: false,
          verdict: "COMPILE_ERROR",
          message: "Compilation failed: see the compiler's output",
          output: output.slice(marker.length + 1),
        };
      output = "";
    }
    if (timedOut)
      return { ok: false, verdict: "COMPILE_ERROR", message: `Compilation took longer than ${seconds(this.limits.compileMs)}`, output };
    const usage = await this.box.usage();
    if (usage.oomKilled)
      return {
        ok: false,
        verdict: "COMPILE_ERROR",
        message: `The compiler ran out of memory (limit ${formatBytes(this.limits.memoryKb * 1024)})`,
        output,
      };
    if (status.exitCode !== 0 || status.signal)
      return {
        ok: false,
        verdict: "COMPILE_ERROR",
        message: status.signal ? `The compiler was killed (${status.signal})` : "Compilation failed: see the compiler's output",
        output,
      };
    return { ok: true, verdict: "OK", message: "", output };
  }

  run(request: BuildRunRequest): Promise<RunResult> {
    const next = this.queue.then(() => this.runOne(request));
    this.queue = next.catch(() => {});
    return next;
  }

  private async runOne(request: BuildRunRequest): Promise<RunResult> {
    if (!this.compile.ok || this.closed) throw new Error("the build is not usable");
    const l = { ...this.limits };
    for (const k of ["cpuMs", "wallMs", "memoryKb", "outputBytes"] as const) {
      const v = request.limits?.[k];
      if (v !== undefined) l[k] = Math.max(1, Math.min(v, this.limits[k]));
    }
    const stdin = request.stdin ?? "";
    if (Buffer.byteLength(stdin) > l.stdinBytes)
      throw new SandboxInputError(`stdin is ${formatBytes(Buffer.byteLength(stdin))}; the limit is ${formatBytes(l.stdinBytes)}`, "stdin");
    const sourcePaths = new Set(this.files.map((f) => f.path));
    const extra = request.files ?? [];
    const clash = extra.find((f) => sourcePaths.has(f.path));
    if (clash) throw new SandboxInputError(`${clash.path} is a source file of the program; a test file may not replace it`, "files");
    const box = this.box;
    // Each run starts from the build as compiled: nothing an earlier run wrote (a hidden test's
    // input or files, kept by the program) or left running reaches it.
    if (this.used) await box.restoreWorkDir();
    this.used = true;
    await box.resetUsage();
    const started = performance.now();
    let stopped: "cpu" | "wall" | null = null;
    const stop = () => void box.killAll().catch(() => {});
    const output = new OutputCapture(l.outputBytes, () => {}, stop);
    const command = {
      files: extra.length ? extra : undefined,
      argv: this.language.run(this.ctx(request.args ?? [])),
      env: this.language.env ?? {},
      cpuMs: cpuBackstopMs(l.cpuMs),
      fileSizeKb: l.fileSizeKb,
    };
    const proc = box.execWithInput
      ? await box.execWithInput(command, stdin, request.share ?? false)
      : await execWithStdin(box, command, stdin);
    proc.stdout.on("data", (c: Buffer) => output.push("stdout", c));
    proc.stderr.on("data", (c: Buffer) => output.push("stderr", c));
    let sampling = false;
    const timer = setInterval(() => {
      if (stopped) return;
      if (performance.now() - started >= l.wallMs) {
        stopped = "wall";
        stop();
        return;
      }
      if (sampling) return;
      sampling = true;
      void box
        .usage()
        .then((u) => {
          if (u.cpuMs > l.cpuMs && !stopped) {
            stopped = "cpu";
            stop();
          }
        })
        .catch(() => {})
        .finally(() => (sampling = false));
    }, watchMs);
    const status = await proc.exited.finally(() => clearInterval(timer));
    const wallMs = Math.round(performance.now() - started);
    output.end();
    const usage = await box.usage();
    const base = {
      exitCode: status.exitCode,
      signal: status.signal,
      stdout: output.text.stdout,
      stderr: output.text.stderr,
      compileOutput: "",
      cpuMs: usage.cpuMs,
      wallMs,
      memoryKb: usage.memoryKb,
    };
    const v = (verdict: Verdict, message: string, extraFields: Partial<RunResult> = {}): RunResult => ({
      ...base,
      verdict,
      message,
      ...extraFields,
    });
    if (output.exceeded) return v("OUTPUT_LIMIT", `Output limit exceeded: more than ${formatBytes(l.outputBytes)} of output`);
    if (status.overflow) return v("OUTPUT_LIMIT", `Output limit exceeded: ${status.overflow}`);
    if (stopped === "cpu" || status.signal === "SIGXCPU" || usage.cpuMs > l.cpuMs)
      return v("TIME_LIMIT", `Time limit exceeded: more than ${seconds(l.cpuMs)} of CPU time`, {
        timeLimit: "cpu",
        cpuMs: Math.max(usage.cpuMs, l.cpuMs),
      });
    if (stopped === "wall") return v("TIME_LIMIT", `Time limit exceeded: still running after ${seconds(l.wallMs)}`, { timeLimit: "wall" });
    const oom = usage.oomKilled || /^MemoryError\b/m.test(base.stderr) || /java\.lang\.OutOfMemoryError/.test(base.stderr);
    if (oom || usage.memoryKb > l.memoryKb) return v("MEMORY_LIMIT", `Memory limit exceeded: more than ${formatBytes(l.memoryKb * 1024)}`);
    if (status.exitCode === 0 && !status.signal) return v("OK", "Finished");
    if (status.signal) return v("RUNTIME_ERROR", `Runtime error: killed by ${status.signal}`);
    return v("RUNTIME_ERROR", `Runtime error: exit code ${status.exitCode}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.box.killAll().catch(() => {});
    trackBoxCleanup(this.provider, destroyAfterResult(this.box));
  }
}
