import { StringDecoder } from "node:string_decoder";

/**
 * Collects stdout and stderr under one byte budget. Bytes are decoded as UTF-8 per stream
 * (a character split across chunks is kept whole; invalid bytes become U+FFFD). Past the
 * budget, output is cut with a visible marker and `onLimit` fires once.
 */
export class OutputCapture {
  private used = 0;
  private readonly decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
  readonly text = { stdout: "", stderr: "" };
  exceeded = false;

  constructor(
    private readonly limitBytes: number,
    private readonly emit: (stream: "stdout" | "stderr", data: string) => void,
    private readonly onLimit: () => void,
    /** What the budget covers, for the cut marker. */
    private readonly what = "stdout and stderr together",
  ) {}

  push(stream: "stdout" | "stderr", chunk: Buffer): void {
    if (this.exceeded) return;
    const room = this.limitBytes - this.used;
    const take = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.used += take.length;
    let data = this.decoders[stream].write(take);
    if (take.length < chunk.length) {
      this.exceeded = true;
      data += `${this.decoders[stream].end()}\n[output cut: the limit is ${formatBytes(this.limitBytes)} of ${this.what}]\n`;
    }
    if (data) {
      this.text[stream] += data;
      this.emit(stream, data);
    }
    if (this.exceeded) this.onLimit();
  }

  /** Flushes any partial character at the end. */
  end(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      const rest = this.decoders[stream].end();
      if (rest) {
        this.text[stream] += rest;
        this.emit(stream, rest);
      }
    }
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
