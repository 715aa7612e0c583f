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
   * Starts a process in /box as the unprivileged user with exactly `env` (plus PATH/LANG/HOME
   * defaults), RLIMIT_CPU = ceil(cpuMs/1000)+... soft limit (SIGXCPU when hit) and RLIMIT_FSIZE.
   */
  exec(options: BoxExecOptions): Promise<BoxProcess>;
  /** Usage since the last `resetUsage()`: CPU of every process in the box, peak memory, whether the OOM killer fired. */
  usage(): Promise<BoxUsage>;
  resetUsage(): Promise<void>;
  /** Kills every process in the box (the box stays usable for inspection). Idempotent. */
  killAll(): Promise<void>;
  /** Removes the box and everything in it: processes, files, cgroups, container. Idempotent. */
  destroy(): Promise<void>;
}

export interface BoxExecOptions {
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
  /** Exit status. A signal death is reported by name ("SIGKILL"); so is an exit code 129..192 from a shell-style wrapper. */
  exited: Promise<{ exitCode: number | null; signal: string | null }>;
}

export interface BoxUsage {
  cpuMs: number;
  memoryKb: number;
  oomKilled: boolean;
}

/** Makes boxes for one driver (may keep a pool of pre-started ones). */
export interface BoxProvider {
  readonly name: "docker" | "bwrap";
  /** Null when usable here, else a sentence saying what to install or start. */
  unavailableReason(): Promise<string | null>;
  /** A fresh box sized for `limits` (memory, processes, CPUs, work-dir size = fileSizeKb). */
  open(limits: Limits): Promise<Box>;
  /** Stops background work and destroys pooled boxes. */
  close(): Promise<void>;
}
