import { z } from "zod";

/** Per-run limits. Defaults are close to Judge0's; requests may raise them up to `maxLimits`. */
export interface Limits {
  /** Compile step wall time, ms. */
  compileMs: number;
  /** CPU time of the program, ms. */
  cpuMs: number;
  /**
   * Wall time of the program, ms. Time the program spends blocked waiting for input (stdin open,
   * everything written so far read, nothing running) does not count: a slow typist is not a slow
   * program. That waiting has its own limit, `idleMs`.
   */
  wallMs: number;
  /** How long the program may wait for input at a stretch, ms (TIME_LIMIT with `timeLimit: "idle"`). */
  idleMs: number;
  /** Memory (all processes of the run), KiB. */
  memoryKb: number;
  /** Processes and threads at once. */
  processes: number;
  /** stdout + stderr bytes kept; past it the run stops with OUTPUT_LIMIT. */
  outputBytes: number;
  /** Largest file the program may write, and the work dir's size, KiB. */
  fileSizeKb: number;
  /** Total source bytes. */
  sourceBytes: number;
  /** Number of source files. */
  files: number;
  /** stdin bytes (initial plus typed). */
  stdinBytes: number;
}

export const defaultLimits: Limits = {
  compileMs: 15_000,
  cpuMs: 5_000,
  wallMs: 30_000,
  idleMs: 10 * 60_000,
  memoryKb: 256 * 1024,
  processes: 64,
  outputBytes: 1024 * 1024,
  fileSizeKb: 16 * 1024,
  sourceBytes: 512 * 1024,
  files: 50,
  stdinBytes: 1024 * 1024,
};

/** The most a request may ask for (an admin setting). */
export const maxLimits: Limits = {
  compileMs: 60_000,
  cpuMs: 30_000,
  wallMs: 300_000,
  idleMs: 30 * 60_000,
  memoryKb: 1024 * 1024,
  processes: 256,
  outputBytes: 8 * 1024 * 1024,
  fileSizeKb: 128 * 1024,
  sourceBytes: 2 * 1024 * 1024,
  files: 200,
  stdinBytes: 8 * 1024 * 1024,
};

const limitKeys = Object.keys(defaultLimits) as (keyof Limits)[];

/** Zod schema for requested limits: each a positive integer no larger than the maximum. */
export const limitsInput = z
  .object(
    Object.fromEntries(
      limitKeys.map((k) => [
        k,
        z
          .number({ error: `limits.${k} must be a number` })
          .int({ error: `limits.${k} must be a whole number` })
          .positive({ error: `limits.${k} must be positive` })
          .max(maxLimits[k], { error: `limits.${k} is over the maximum of ${maxLimits[k]}` })
          .optional(),
      ]),
    ) as { [K in keyof Limits]: z.ZodOptional<z.ZodNumber> },
  )
  .strict();

/** Defaults, then the language's adjustments, then the request's own (validated) values. */
export function resolveLimits(requested: Partial<Limits> | undefined, adjust?: Partial<Limits>, max: Limits = maxLimits): Limits {
  const parsed = limitsInput.parse(requested ?? {});
  const out = { ...defaultLimits, ...adjust } as Limits;
  for (const k of limitKeys) {
    const v = parsed[k];
    if (v !== undefined) out[k] = v;
    out[k] = Math.min(out[k], max[k]);
  }
  return out;
}
