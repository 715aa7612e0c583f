/**
 * Splits the stderr of a run command that checks the sources first (Language.checkThenRun): when
 * it starts with the run's marker line, what follows is the check's errors (a compile error), not
 * the program's output. The marker is random per run and the check exits before anything of the
 * program runs, so a program cannot fake it. Bytes that may still be the marker's start are held
 * back; the first byte that differs lets them through as the program's stderr.
 */
export class CheckedStderr {
  private readonly markerLine: Buffer;
  /** Bytes that match the marker line so far (null once decided). */
  private pending: Buffer | null = Buffer.alloc(0);
  private readonly errors: Buffer[] = [];
  private errorBytes = 0;
  /** The check failed: stderr started with the marker line. */
  failed = false;

  constructor(
    marker: string,
    private readonly toProgram: (chunk: Buffer) => void,
    /** The most kept of the check's errors (like a compiler's output). */
    private readonly limit: number,
  ) {
    this.markerLine = Buffer.from(`${marker}\n`);
  }

  push(chunk: Buffer) {
    if (this.failed) return this.keep(chunk);
    if (!this.pending) return this.toProgram(chunk);
    const seen = Buffer.concat([this.pending, chunk]);
    const n = Math.min(seen.length, this.markerLine.length);
    if (!seen.subarray(0, n).equals(this.markerLine.subarray(0, n))) {
      this.pending = null;
      return this.toProgram(seen);
    }
    if (seen.length < this.markerLine.length) {
      this.pending = seen;
      return;
    }
    this.pending = null;
    this.failed = true;
    this.keep(seen.subarray(this.markerLine.length));
  }

  /** At the end of the stream: a held-back start of the marker was the program's after all. */
  end() {
    if (this.pending?.length) this.toProgram(this.pending);
    this.pending = null;
  }

  /** The check's errors (when `failed`), cut at the limit. */
  get text(): string {
    const text = Buffer.concat(this.errors).toString("utf8");
    return this.errorBytes > this.limit ? `${text}\n[output cut: the limit is ${this.limit / 1024} KiB of compiler output]\n` : text;
  }

  private keep(chunk: Buffer) {
    const room = this.limit - this.errorBytes;
    if (room > 0) this.errors.push(chunk.subarray(0, room));
    this.errorBytes += chunk.length;
  }
}
