import type { Readable, Writable } from "node:stream";
import type { Limits } from "./limits.ts";
import type { SourceFile } from "./types.ts";

/**
 * The primitive each driver implements: one isolated, single-use box with a writable work dir
 * at /box, the sandbox image's toolchains, no network, an unprivileged uid, its own PID
 * namespace, and the run's memory/process/CPU limits applied to everything inside it.
 * The shared orchestrator (run.ts) compiles, runs and judges through it, so both drivers give
 * the same verdicts.
 */
export interface Box {
  /** Writes files under /box (paths already validated). Never follows a link inside the box. */
  writeFiles(files: SourceFile[]): Promise<void>;
  /**
   * Starts a process in /box as the unprivileged user. The environment is exactly PATH, LANG,
   * HOME and `env` (`env` wins): nothing of the host's. Limits: RLIMIT_CPU soft =
   * max(1, ceil(cpuMs/1000)) s (SIGXCPU), hard = soft + 1 (SIGKILL); RLIMIT_FSIZE = fileSizeKb
   * KiB; RLIMIT_NOFILE 256; RLIMIT_CORE 0. Rejects for an invalid env name or a NUL, and when the
   * sandbox cannot be set up (an infrastructure error, never the program's). A command that is
   * not found exits 127. Only /box persists between execs; /tmp and /dev/shm are small scratch
   * space (16 MiB).
   */
  exec(options: BoxExecOptions): Promise<BoxProcess>;
  /**
   * Optional: `exec` of a command whose whole stdin is `input` (a test's), with the same contract.
   * With `share`, a driver may run such commands one after another in one sandbox while each leaves
   * nothing behind (no process, nothing in /tmp, /dev/shm or the IPC namespace), which saves
   * setting up a sandbox per test; one that leaves something ends that sandbox. Kernel state a
   * sandbox keeps that no check can see (pid 1's limits, counters, ids) may still carry a little
   * from one shared command to the next: only commands whose input may reach any later command's
   * output (a visible test's) may share. Without `share` the command's sandbox is its own and ends
   * with it. Only /box outlives a command, as after `exec`.
   */
  execWithInput?(options: BoxExecOptions, input: string, share: boolean): Promise<Omit<BoxProcess, "stdin">>;
  /** Keeps /box as it is now (a build: its sources and what compiling made) for `restoreWorkDir`. */
  saveWorkDir(): Promise<void>;
  /**
   * Puts /box back exactly as `saveWorkDir` kept it, with nothing left running and the scratch space
   * (/tmp, /dev/shm) empty: nothing one test's program wrote or started (a hidden test's input kept
   * in a file, say) reaches the next test's program, whose output a student may see.
   */
  restoreWorkDir(): Promise<void>;
  /** Usage since the last `resetUsage()`: CPU of every process in the box, peak memory, whether the OOM killer fired. */
  usage(): Promise<BoxUsage>;
  resetUsage(): Promise<void>;
  /**
   * Optional hint that commands will follow one another (a build's compile, then its tests): the
   * box may then set up each next command's sandbox while the current one runs, its setup counted
   * in neither command's usage. Without it every command starts its sandbox when it is given.
   */
  keepWarm?(): void;
  /**
   * Whether the program is blocked waiting for input: every process of the box blocked, and one of
   * them reading (or, like Node's event loop, waiting without a timeout on) a pipe that nothing in
   * the box writes, i.e. its stdin (see input-wait.ts). Null when the driver cannot see the box's
   * processes from here (a remote Docker daemon, bubblewrap without cgroups): the run then counts
   * input waits toward the wall limit, as if the program were busy.
   */
  inputWait(): Promise<boolean | null>;
  /**
   * Kills every process in the box; idempotent. The box stays usable when the driver can see
   * its processes (best effort: a driver without that view may stop the box, and usage() then
   * returns the last reading).
   */
  killAll(): Promise<void>;
  /** Removes the box and everything in it: processes, files, cgroups, container. Idempotent. */
  destroy(): Promise<void>;
}

export interface BoxExecOptions {
  /**
   * Written under /box as by `writeFiles` before the process starts, in the same step (the Docker
   * driver sends them with the command instead of in an exec of their own). A failure to write
   * them rejects `exec`.
   */
  files?: SourceFile[];
  argv: string[];
  env: Record<string, string>;
  /** CPU seconds for RLIMIT_CPU are ceil(cpuMs / 1000). */
  cpuMs: number;
  fileSizeKb: number;
}

export interface BoxProcess {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /**
   * Resolves once the process has exited and stdout/stderr have ended (all output delivered;
   * a driver may wait up to 2 s for descendants still holding them). A signal death is
   * reported by name ("SIGKILL") with exitCode null; so is an exit code 129..192, which the
   * wrappers use for signals (a program that exits 137 by itself is reported as SIGKILL).
   * Rejects when the driver lost track of the process (its status is unknown: not the program's doing).
   */
  exited: Promise<BoxExit>;
}

export interface BoxExit {
  exitCode: number | null;
  signal: string | null;
  /**
   * Set when the box stopped the process because a channel of the sandbox's own that the server
   * reads (a status pipe, the launcher's stream) carried more than it may: what happened, as a
   * sentence part. The run is then never judged OK.
   */
  overflow?: string;
}

export interface BoxUsage {
  cpuMs: number;
  /** Peak memory of the whole box since resetUsage() (including files in the RAM-backed /box); 0 when it cannot be measured. */
  memoryKb: number;
  oomKilled: boolean;
}

/** Makes boxes for one driver (may keep a pool of pre-started ones). */
export interface BoxProvider {
  readonly name: "docker" | "bwrap";
  /** Null when usable here, else a sentence saying what to install or start. */
  unavailableReason(): Promise<string | null>;
  /** A fresh box sized for `limits` (memory, processes = the program's own, work-dir size = fileSizeKb), on one CPU. */
  open(limits: Limits): Promise<Box>;
  /** Stops background work and destroys pooled boxes. */
  close(): Promise<void>;
}

/** `exec` with the whole of stdin written at once (what `execWithInput` is where a driver has none of its own). */
export async function execWithStdin(box: Pick<Box, "exec">, options: BoxExecOptions, input: string): Promise<BoxProcess> {
  const proc = await box.exec(options);
  proc.stdin.on("error", () => {});
  proc.stdin.end(input);
  return proc;
}
