import { promises as fs } from "node:fs";
import { PassThrough, type Readable, type Writable } from "node:stream";
import type { BoxExit, BoxProcess } from "../box.ts";
import { exitStatus } from "./command.ts";
import type { LaunchedProcess } from "./launcher.ts";

/** One started bwrap sandbox, set up and waiting for its command. */
export interface Sandbox {
  child: LaunchedProcess;
  exited: Promise<BoxExit>;
  /** Told each status line of a command run in the sandbox kept (see KeptSandbox), without its `doneMarker` word. */
  onDone: ((line: string) => void) | null;
  /** The box's input dir bound at /dev/.input, if it was made when the sandbox was set up. */
  inputDir?: string;
}

/**
 * Dirs of a sandbox that its programs own besides /box (bwrap makes them the box user's), seen from
 * the host: a program can change them without leaving an entry behind (their permissions, times or
 * extended attributes, or /dev's entries, which pid 1's check does not list). Each such change
 * moves the dir's change time, which nobody can set.
 */
const ownedDirs = ["tmp", "dev", "dev/shm", "dev/mqueue", "dev/pts"];

/**
 * The inode and change time of each of `ownedDirs`, through the root of the sandbox's pid 1 (a
 * child of the bwrap process the launcher started); null when they cannot be read (not root:
 * pid 1 is not dumpable, so only root may look into its root).
 */
async function ownedDirsStamp(sandbox: Sandbox): Promise<string | null> {
  try {
    const bwrap = sandbox.child.pid;
    const init = (await fs.readFile(`/proc/${bwrap}/task/${bwrap}/children`, "utf8")).trim();
    if (!/^\d+$/.test(init)) return null;
    const stamps: string[] = [];
    for (const dir of ownedDirs) {
      const st = await fs.lstat(`/proc/${init}/root/${dir}`, { bigint: true });
      stamps.push(`${st.ino}:${st.ctimeNs}`);
    }
    return stamps.join(" ");
  } catch {
    return null;
  }
}

/** The command running in a kept sandbox: where its output goes until its marker, and how it ended. */
interface Command {
  marker: Buffer;
  /** stdout, stderr. */
  sinks: [PassThrough, PassThrough];
  /** Output not passed on yet: it may be the start of the marker. */
  held: [Buffer, Buffer];
  /** The marker was seen on that stream: the command's output there is complete. */
  ended: [boolean, boolean];
  /** From the command's status line. */
  status: BoxExit | null;
  dirty: boolean;
  /** The command may leave the sandbox to later commands (see Box.execWithInput's `share`). */
  share: boolean;
  /** Complete; the sandbox is being checked before the command is reported ended. */
  checking: boolean;
  resolve: (exit: BoxExit) => void;
  reject: (error: Error) => void;
}

/**
 * A sandbox that runs one command after another (see BwrapBox.execWithInput and bwrapArgs' "kept"
 * mode): it sends each command's line, splits the sandbox's stdout and stderr at the command's
 * marker, and reads its status line. It stays usable while its commands end clean; a dirty end, a
 * kill or a death of the sandbox ends it (the command then ends as an `exec` would: output as far
 * as it came, the sandbox's exit status).
 */
export class KeptSandbox {
  private current: Command | null = null;
  private gone = false;
  /** `ownedDirsStamp` before the first command: each command must leave it as it was. */
  private readonly stamp: Promise<string | null>;

  constructor(private readonly sandbox: Sandbox) {
    this.stamp = ownedDirsStamp(sandbox);
    const { child } = sandbox;
    const streams = [child.stdout, child.stdio[3] as Readable] as const;
    streams.forEach((stream, i) => {
      stream.on("data", (chunk: Buffer) => this.output(i as 0 | 1, chunk));
    });
    sandbox.onDone = (line) => this.done(line);
    sandbox.exited.then(
      (exit) => this.end(exit, null),
      (error: Error) => this.end(null, error),
    );
  }

  /** No command is running and the sandbox is alive: the next command may be sent. */
  get usable(): boolean {
    return !this.gone && !this.current && this.sandbox.child.exitCode === null && this.sandbox.child.signalCode === null;
  }

  async run(line: string, marker: string, share: boolean): Promise<Omit<BoxProcess, "stdin">> {
    if (!this.usable) throw new Error("the kept sandbox is busy or gone");
    const sinks: [PassThrough, PassThrough] = [new PassThrough(), new PassThrough()];
    const exited = new Promise<BoxExit>((resolve, reject) => {
      this.current = {
        marker: Buffer.from(marker),
        sinks,
        held: [Buffer.alloc(0), Buffer.alloc(0)],
        ended: [false, false],
        status: null,
        dirty: false,
        share,
        checking: false,
        resolve,
        reject,
      };
    });
    // The stamp is taken before the first command: nothing has run in the sandbox yet. (A sandbox
    // that ends meanwhile ends the command: see `end`.)
    await this.stamp;
    if (!this.gone) (this.sandbox.child.stdin as Writable).write(line);
    return { stdout: sinks[0], stderr: sinks[1], exited };
  }

  private output(i: 0 | 1, chunk: Buffer) {
    const c = this.current;
    // Nothing runs between commands (a clean end means no process is left): stray bytes go nowhere.
    if (!c || c.ended[i]) return;
    const held = c.held[i].length ? Buffer.concat([c.held[i], chunk]) : chunk;
    const at = held.indexOf(c.marker);
    if (at >= 0) {
      if (at > 0) c.sinks[i].write(held.subarray(0, at));
      c.held[i] = Buffer.alloc(0);
      c.ended[i] = true;
      c.sinks[i].end();
      this.settle();
      return;
    }
    // The marker may be cut between chunks: hold back what could be its beginning.
    const keep = Math.min(held.length, c.marker.length - 1);
    if (held.length > keep) c.sinks[i].write(held.subarray(0, held.length - keep));
    c.held[i] = held.subarray(held.length - keep);
  }

  private done(line: string) {
    const c = this.current;
    const [marker, rc, state] = line.split(" ");
    if (!c || marker !== c.marker.toString() || !rc) return;
    c.status = exitStatus(Number(rc), null);
    c.dirty = state !== "clean";
    this.settle();
  }

  /** The command is over once its status line and both markers have come. */
  private settle() {
    const c = this.current;
    if (!c?.status || !c.ended[0] || !c.ended[1] || c.checking) return;
    c.checking = true;
    void this.check(c).then(() => {
      if (this.current === c) this.current = null;
      c.resolve(c.status!);
    });
  }

  /** After a command: the sandbox is kept only if pid 1 found it clean and the owned dirs are unchanged. */
  private async check(c: Command) {
    const before = await this.stamp;
    if (c.share && !c.dirty && before !== null && (await ownedDirsStamp(this.sandbox)) === before) return;
    // A dirty end: pid 1 exits after its status line, ending what the command left; a changed dir
    // or a command that does not share: the sandbox is killed. Either way the command is reported
    // ended only once the sandbox is gone: what it left running could otherwise still write into
    // /box after the host put it back.
    this.gone = true;
    if (!c.dirty) this.sandbox.child.kill("SIGKILL");
    await this.sandbox.exited.catch(() => {});
  }

  /** The sandbox ended (its pid 1 exited, or it was killed): a command still running ends with it. */
  private end(exit: BoxExit | null, error: Error | null) {
    this.gone = true;
    const c = this.current;
    // A command being checked is reported by its check (the kill that a failed check sends ends here too).
    if (!c || c.checking) return;
    this.current = null;
    for (const i of [0, 1] as const) {
      if (c.ended[i]) continue;
      if (c.held[i].length) c.sinks[i].write(c.held[i]);
      c.sinks[i].end();
    }
    if (c.status) c.resolve(c.status);
    else if (exit) c.resolve(exit);
    else c.reject(error ?? new Error("the sandbox ended"));
  }
}
