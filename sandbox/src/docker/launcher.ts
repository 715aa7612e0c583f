import { randomBytes } from "node:crypto";
import { type Duplex, PassThrough, Writable } from "node:stream";
import type Docker from "dockerode";
import type { BoxExit, BoxProcess } from "../box.ts";
import { formatBytes } from "../output.ts";
import { argumentPresets } from "../presets.ts";
import { readShellLine, shellLine } from "../shell.ts";

/** Drops from the launcher's root to the sandbox user, for everything that touches the program's files or runs it. */
const dropToSandboxUser = "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all";

/**
 * The container's main process (under docker-init), attached to when the container starts, so
 * a box's first command needs no `docker exec` (which costs tens of ms in runc). It runs as root
 * with only CAP_SETUID, CAP_SETGID, CAP_CHOWN and CAP_SETPCAP (as does docker-init), so the
 * program, as uid 65534 without capabilities (none in its bounding set either), can neither
 * trace, read nor signal it: it cannot learn the marker
 * below nor kill its own sandbox. It first gives its stdio pipes to the sandbox user (a program may
 * reopen /dev/stdout), then waits for one line on stdin: a marker, the size N of a tar archive and
 * the command. It extracts the next N bytes into /box as the sandbox user (`head -c` never reads
 * past them; tar -i reads to their end), says "ready" on stderr, runs the command as the sandbox
 * user with the rest of stdin, and after it exits writes the marker on stdout and the exit status
 * on stderr: everything the program wrote comes before them. Then it sleeps, keeping the container
 * (its cgroup, for usage; and later execs) until the box is destroyed.
 */
export const launcherScript = [
  "chown 65534:65534 /proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2 || exit 125",
  // Long constant arguments, named in the command line instead of sent (dash reads it a byte at a time).
  argumentPresets.assignments,
  readShellLine,
  `m=$1; n=$2; shift 2; if [ "$n" -gt 0 ]; then head -c "$n" | ${dropToSandboxUser} tar -x -i -f - -C /box --no-same-owner --no-same-permissions || exit 125; fi`,
  'echo "$m"ready >&2',
  // As a background job with stdin passed explicitly (dash would give it /dev/null), and `wait`:
  // for a foreground job killed by a signal, dash would print a message into the program's stderr.
  `exec 3<&0; ${dropToSandboxUser} "$@" <&3 3<&- & wait $!; rc=$?`,
  'echo "$m"end; echo "$m"exit "$rc" >&2',
  "exec sleep infinity",
].join("\n");

/** What the launcher's stream may carry besides the program's output (its setup messages, output after the end) per command. */
const launcherChannelLimit = 64 * 1024;

/**
 * Runs `program` (with `archive` extracted first, if not empty) through the launcher attached on
 * `socket`. Resolves once the files are written and the program starts; rejects with tar's
 * complaint when they could not be written. `status` maps the launcher's exit status; `ended`
 * is called once the command is over (`exited` resolved), whether it started or not.
 */
export function runInLauncher(
  docker: Docker,
  socket: Duplex,
  program: string[],
  archive: Buffer,
  status: (code: number | null) => { exitCode: number | null; signal: string | null },
  ended: () => void,
): Promise<BoxProcess> {
  const marker = `codeclass-${randomBytes(12).toString("hex")}:`;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let ready = false;
  let setupText = "";
  let exitCode: number | null | undefined;
  let outEnded = false;
  let errEnded = false;
  let settle: () => void = () => {};
  let overflow: string | undefined;
  const exited = new Promise<BoxExit>((resolve) => {
    settle = () => {
      if (!outEnded || !errEnded) return;
      resolve(overflow ? { ...status(exitCode ?? null), overflow } : status(exitCode ?? null));
      ended();
    };
  });
  // Bytes read that are not the program's output (which the run counts): bounded too. Past the
  // limit the stream is dropped (the server stops reading) and the command ends as an overflow.
  let spilled = 0;
  const spill = (b: Buffer) => {
    spilled += b.length;
    if (spilled > launcherChannelLimit && !overflow) {
      overflow = `more than ${formatBytes(launcherChannelLimit)} written into the sandbox launcher's stream outside the program's output`;
      socket.destroy();
    }
  };
  const rawOut = new PassThrough();
  const rawErr = new PassThrough();
  const outSplit = new MarkerSplitter(
    marker,
    (b) => {
      if (!outEnded) stdout.write(b);
      else spill(b); // after the end: output of a leftover descendant, dropped
    },
    () => {
      outEnded = true;
      stdout.end();
      settle();
    },
  );
  const errSplit = new MarkerSplitter(
    marker,
    (b) => {
      if (ready && !errEnded) return void stderr.write(b);
      spill(b);
      if (!ready && setupText.length < 4096) setupText += b.toString();
    },
    (text) => {
      if (text === "ready") ready = true;
      else if (text.startsWith("exit ")) {
        exitCode = Number(text.slice(5));
        errEnded = true;
        stderr.end();
        settle();
      }
    },
  );
  rawOut.on("data", (c: Buffer) => outSplit.push(c));
  rawErr.on("data", (c: Buffer) => errSplit.push(c));
  docker.modem.demuxStream(socket, rawOut, rawErr);
  let gone = false;
  const started = new Promise<BoxProcess>((resolve, reject) => {
    const onGone = () => {
      if (gone) return;
      gone = true;
      // The container stopped (or the box was destroyed): whatever was not ended ends now.
      if (!ready) reject(new Error(`the container could not start the program: ${setupText.trim() || "it stopped"}`));
      if (!outEnded) stdout.end(outSplit.rest());
      if (!errEnded) stderr.end(ready ? errSplit.rest() : undefined);
      outEnded = errEnded = true;
      settle();
    };
    socket.once("end", onGone);
    socket.once("close", onGone);
    socket.once("error", onGone);
    const check = () => {
      if (ready) resolve({ stdin, stdout, stderr, exited });
    };
    rawErr.on("data", check);
  });
  socket.on("error", () => {});
  // Writes after the program has gone (or after end()) are dropped, not errors.
  const stdin = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (gone || socket.destroyed || socket.writableEnded) return cb();
      socket.write(chunk, () => cb());
    },
    final(cb) {
      // Half-close: Docker closes the program's stdin (EOF) and keeps sending output.
      if (!gone && !socket.destroyed && !socket.writableEnded) socket.end();
      cb();
    },
  });
  socket.write(shellLine([marker, String(archive.length), ...program], argumentPresets.names));
  if (archive.length > 0) socket.write(archive);
  return started;
}

/**
 * Splits a byte stream at lines `<marker><text>\n`: bytes in between go to `onData` as they come
 * (an end that could begin the marker is held back until the next chunk says), each line's text
 * to `onMarker`.
 */
export class MarkerSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private readonly marker: Buffer;

  constructor(
    marker: string,
    private readonly onData: (b: Buffer) => void,
    private readonly onMarker: (text: string) => void,
  ) {
    this.marker = Buffer.from(marker);
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const at = this.pending.indexOf(this.marker);
      if (at < 0) {
        const keep = this.partialMarker();
        this.emit(this.pending.subarray(0, this.pending.length - keep));
        this.pending = this.pending.subarray(this.pending.length - keep);
        return;
      }
      this.emit(this.pending.subarray(0, at));
      this.pending = this.pending.subarray(at);
      const eol = this.pending.indexOf(10, this.marker.length);
      if (eol < 0) return; // the rest of the line is still to come
      const text = this.pending.subarray(this.marker.length, eol).toString();
      this.pending = this.pending.subarray(eol + 1);
      this.onMarker(text);
    }
  }

  /** What is held back, when the stream ends without a marker. */
  rest(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }

  /** Length of the longest end of `pending` that begins the marker (held back: it may be one). */
  private partialMarker(): number {
    for (let n = Math.min(this.pending.length, this.marker.length - 1); n > 0; n--) {
      if (this.pending.subarray(this.pending.length - n).equals(this.marker.subarray(0, n))) return n;
    }
    return 0;
  }

  private emit(b: Buffer) {
    if (b.length > 0) this.onData(b);
  }
}
