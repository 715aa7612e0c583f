import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { type Box, type BoxExecOptions, type BoxExit, type BoxProcess, type BoxUsage, execWithStdin } from "../box.ts";
import { waitingForInput } from "../input-wait.ts";
import type { Limits } from "../limits.ts";
import { formatBytes } from "../output.ts";
import type { SourceFile } from "../types.ts";
import type { BoxCgroups } from "./cgroup.ts";
import {
  boxGid,
  boxUid,
  bwrapArgs,
  commandLine,
  doneMarker,
  exitStatus,
  hostWrapper,
  inputFile,
  type ProgramCommand,
  parseTimes,
  readyMarker,
} from "./command.ts";
import { writeBoxFiles } from "./files.ts";
import { findExecutable, hostPath, isMountPoint, sleep } from "./host.ts";
import { KeptSandbox, type Sandbox } from "./kept.ts";
import type { LaunchedProcess, Launcher } from "./launcher.ts";
import { type DirSnapshot, restoreDir, snapshotDir } from "./snapshot.ts";

/** What the status channel (bwrap's and the wrapper's messages, the ready line, `times`) may carry per sandbox. */
const statusChannelLimit = 64 * 1024;

/** /tmp and /dev/shm in each sandbox: 16 MiB each, as in the Docker driver. */
const tmpSizeBytes = 16 * 1024 * 1024;

/** What a box needs from its provider: host tools and facts found once. */
export interface BwrapHost {
  bwrap: string;
  /** The host's bash, for the wrapper that joins the cgroups. */
  bash: string;
  /** setpriv, when we are root: the box's bwrap runs as the unprivileged user on the host too. */
  setpriv: string | null;
  /** mount and umount, when we are root (the work dir's tmpfs). */
  mount: string | null;
  umount: string | null;
  /** Starts every process of the boxes (the sandboxes, mount, umount): the server never forks. */
  launcher: Launcher;
  /** The seccomp filter for bwrap (see seccomp.ts); null where none is defined for this architecture. */
  seccomp: Buffer | null;
  rootfsArgs: string[];
  /** The image's dash, on the host: copied into each sandbox as its pid 1 (see bwrapArgs). */
  initShell: string;
  sizedTmpfs: boolean;
  disableUserns: boolean;
}

export interface BwrapBoxParts {
  id: string;
  limits: Limits;
  /** Host dir bound at /box. */
  workDir: string;
  /** A tmpfs mounted at workDir (root), else a plain temp dir (size bounded per file only). */
  workDirIsMount: boolean;
  /**
   * Makes the box's input dir: a host dir (the server's, not the box user's) bound read-only at
   * /dev/.input in the sandboxes set up after it, where `execWithInput` writes a command's stdin.
   * Made when the box is kept warm (a build), not for every box: a run alone never reads it.
   * Without it `execWithInput` runs as `exec`. The box removes it when destroyed.
   */
  makeInputDir?: () => Promise<string>;
  cgroups: BoxCgroups | null;
  /**
   * Makes the box's second group, with the box's limits: a kept-warm box (see `keepWarm`) sets up
   * its next command's sandbox in the group the current command does not use, so neither command's
   * usage counts the other's processes. Without it (or without cgroups) a box is never kept warm.
   */
  makeSpareCgroups?: () => Promise<BoxCgroups>;
}

/** A sandbox set up ahead for the next command, and the group it is in (null: no cgroups). */
interface Ready {
  sandbox: Sandbox;
  group: BoxCgroups | null;
}

/**
 * One bubblewrap box: a work dir that lives as long as the box, a cgroup that holds every process
 * of every command run in it, and one bwrap sandbox (own namespaces) per `exec`.
 */
export class BwrapBox implements Box {
  private readonly children = new Set<LaunchedProcess>();
  /** Commands started so far. */
  private commands = 0;
  /**
   * The sandbox for the next `exec`, set up ahead: by `prestart` (the provider's pool), or while
   * the previous command runs when the box is kept warm. Null inside: its setup failed (exec starts one).
   */
  private next: Promise<Ready | null> | null = null;
  private warm = false;
  /** The group of the next or last command: `usage`, `resetUsage` and `inputWait` read it. */
  private active: BoxCgroups | null;
  /** The second group of a kept-warm box, made when first needed. */
  private spare: Promise<BoxCgroups> | null = null;
  private spareGroup: BoxCgroups | null = null;
  private readonly baselines = new Map<BoxCgroups, { cpuNs: number; oomKills: number }>();
  private destroyed: Promise<void> | null = null;
  /** Usage was reset after `prestart` and nothing has run since: the next reset has nothing to do. */
  private usageFresh = false;
  /** Without cgroups: CPU reported by the host wrapper for the commands finished since resetUsage. */
  private measuredCpuMs = 0;
  /** The work dir as `saveWorkDir` kept it. */
  private saved: DirSnapshot | null = null;
  /** The host's rm, found when first needed (see restoreWorkDir). */
  private rm: Promise<string | null> | null = null;
  /** The sandbox `execWithInput` runs its commands in, while they leave nothing behind. */
  private kept: KeptSandbox | null = null;
  /** The box's input dir (see `makeInputDir`), asked for by `keepWarm`; null inside: it could not be made. */
  private input: Promise<string | null> | null = null;
  /** The input dir once made: the sandboxes set up from then on bind it. */
  private inputDir: string | null = null;
  /** A `killAll` under way. */
  private killing: Promise<void> | null = null;

  constructor(
    private readonly host: BwrapHost,
    readonly parts: BwrapBoxParts,
    private readonly onGone: () => void,
  ) {
    this.active = parts.cgroups;
  }

  /** Host paths of the box, for diagnostics and tests. */
  get workDir() {
    return this.parts.workDir;
  }

  get cgroupDirs() {
    return [...(this.parts.cgroups?.dirs ?? []), ...(this.spareGroup?.dirs ?? [])];
  }

  async init(): Promise<void> {
    const group = this.parts.cgroups;
    if (group) this.baselines.set(group, await group.read().then((u) => ({ cpuNs: u.cpuNs, oomKills: u.oomKills })));
  }

  private assertOpen() {
    if (this.destroyed) throw new Error("the box has been destroyed");
  }

  private get owner() {
    return process.getuid?.() === 0 ? { uid: boxUid, gid: boxGid } : null;
  }

  async writeFiles(files: SourceFile[]): Promise<void> {
    this.assertOpen();
    await writeBoxFiles(this.parts.workDir, files, this.owner);
  }

  async saveWorkDir(): Promise<void> {
    this.assertOpen();
    this.saved = snapshotDir(this.parts.workDir, this.parts.limits.fileSizeKb * 1024);
  }

  async restoreWorkDir(): Promise<void> {
    this.assertOpen();
    if (!this.saved) throw new Error("restoreWorkDir: nothing was saved");
    // A command's sandbox (its processes, /tmp and /dev/shm) ends with its pid 1 before the command
    // is reported ended, or is kept only when nothing of the command is left in it (see
    // execWithInput): only /box outlives it. (No killAll: it would end the next command's sandbox, set up ahead.)
    await restoreDir(this.parts.workDir, this.saved, this.owner, async (full) => {
      this.rm ??= findExecutable("rm");
      const file = await this.rm;
      const out = file ? await this.host.launcher.run(file, ["-rf", "--one-file-system", "--", full]) : null;
      if (out?.code !== 0) throw new Error("the box's work dir could not be emptied between runs");
    });
  }

  /**
   * Sets up the sandbox of the box's next command ahead of time (namespaces, mounts, cgroup), so
   * that `exec` only has to hand it the program. Used by the provider's pool; single-use.
   */
  async prestart(): Promise<void> {
    this.assertOpen();
    if (this.next) {
      if (!(await this.next)) throw new Error("the bwrap box could not start its sandbox");
    } else {
      const started = this.startIn(this.active);
      this.next = started.catch(() => null);
      await started;
    }
    // The sandbox's setup (bwrap, its shell) is not the program's: reset now, off the run's path.
    // The shell then only waits on stdin, so the reading stays exact until the command comes.
    await this.resetUsage();
    this.usageFresh = this.commands === 0;
  }

  /** The command `options` describe, checked (see ProgramCommand): what the sandbox's shell is sent. */
  private async programCommand(options: BoxExecOptions): Promise<ProgramCommand> {
    this.assertOpen();
    if (!Array.isArray(options.argv) || options.argv.length === 0) throw new Error("exec: argv is empty");
    if (options.argv.some((a) => typeof a !== "string" || a.includes("\0")))
      throw new Error("exec: an argument is not a string without NUL");
    // The command goes to the sandbox's shell as one line of quoted words, which cannot hold a NUL.
    for (const [k, v] of Object.entries(options.env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`exec: bad environment variable name "${k}"`);
      if (typeof v !== "string" || v.includes("\0")) throw new Error(`exec: environment variable ${k} is not a string without NUL`);
    }
    const { limits, cgroups } = this.parts;
    return {
      argv: options.argv,
      env: options.env,
      rlimits: {
        cpuSeconds: Math.max(1, Math.ceil(options.cpuMs / 1000)),
        fileBytes: options.fileSizeKb * 1024,
        // Without cgroups only rlimits remain: address space per process instead of memory for
        // the whole box (and runtimes that reserve much address space, like the JVM, may fail),
        // and processes counted per host user, not per box.
        ...(cgroups ? {} : { addressBytes: limits.memoryKb * 1024, processes: await this.nprocLimit() }),
      },
    };
  }

  /**
   * The sandbox set up ahead for the next command (`prestart`, `keepWarm`), else a new one.
   * `inputDir`: the sandbox must bind it (one set up before the dir was made is replaced).
   */
  private async takeSandbox(inputDir?: string): Promise<Sandbox> {
    // A sandbox set up ahead serves one command; one that died while it waited (or failed) is replaced.
    const pending = this.next;
    this.next = null;
    const ready = pending ? await pending : null;
    if (ready) this.active = ready.group;
    const sandbox = ready?.sandbox ?? null;
    const fits = !inputDir || sandbox?.inputDir === inputDir;
    if (sandbox && fits && sandbox.child.exitCode === null && sandbox.child.signalCode === null) return sandbox;
    sandbox?.child.kill("SIGKILL");
    return this.startSandbox(this.active);
  }

  async exec(options: BoxExecOptions): Promise<BoxProcess> {
    const line = commandLine(await this.programCommand(options));
    if (options.files) await this.writeFiles(options.files);
    const sandbox = await this.takeSandbox();
    const { child } = sandbox;
    const stdin = child.stdin as Writable;
    stdin.write(line);
    this.commands++;
    this.usageFresh = false;
    if (this.warm) this.next = this.setUpNext();
    return { stdin, stdout: child.stdout, stderr: child.stdio[3] as Readable, exited: sandbox.exited };
  }

  /**
   * A command whose whole stdin is known (a test's input), run in a sandbox the box keeps (see
   * Box.execWithInput): while `share` commands leave nothing behind, the next one runs in the same
   * sandbox, without setting up another (its processes, namespaces and mounts: most of a short
   * test's cost). The command's stdin is a file in the box's input dir, written before the command
   * is sent; its output ends at a marker only pid 1 knows (see bwrapArgs). A command that leaves a
   * process, a file in /tmp, /dev/shm or /dev/mqueue, a SysV IPC object, or a change to a dir the
   * box user owns ends the sandbox with it, and so does every command without `share`: a later
   * command starts in a new one, as after `exec`. Only /box outlives a command, and
   * `restoreWorkDir` puts it back. Without cgroups (the usage reading is per group), an input dir
   * or root (see KeptSandbox), it is `exec` with the input written to stdin.
   */
  async execWithInput(options: BoxExecOptions, input: string, share: boolean): Promise<Omit<BoxProcess, "stdin">> {
    const inputDir = await this.input;
    // Only as root: the check of what a command left reads the sandbox's dirs from the host (see KeptSandbox).
    if (!inputDir || !this.parts.cgroups || !this.owner) return execWithStdin(this, options, input);
    const command = await this.programCommand(options);
    if (options.files) await this.writeFiles(options.files);
    if (!this.kept?.usable) this.kept = new KeptSandbox(await this.takeSandbox(inputDir));
    const marker = `codeclass-end-${randomBytes(16).toString("hex")}`;
    const file = path.join(inputDir, inputFile);
    await fs.writeFile(file, input, { mode: 0o644 });
    this.commands++;
    this.usageFresh = false;
    const proc = await this.kept.run(commandLine(command, ["kept", marker]), marker, share);
    // A sandbox that ends with its command (it does not share, or it left something): as with
    // `exec`, the next command's sandbox is set up meanwhile, in the group this one does not use.
    // (The input file stays until the next command's replaces it, on the box's own tmpfs, gone with the box.)
    if (!share && this.warm && !this.next) this.next = this.setUpNext();
    void proc.exited
      .finally(() => {
        if (this.warm && !this.kept?.usable && !this.next && !this.destroyed) this.next = this.setUpNext();
      })
      .catch(() => {});
    return proc;
  }

  /**
   * Commands will follow one another (a build): from now on, each command's sandbox is set up
   * while the one before runs, in the box's other group (see `makeSpareCgroups`), and its setup is
   * left out of both commands' usage. Only with cgroups: without them the processes limit is
   * RLIMIT_NPROC, counted per host user, which a waiting sandbox would take from the program's share.
   */
  keepWarm(): void {
    this.warm = Boolean(this.parts.cgroups && this.parts.makeSpareCgroups);
    const make = this.parts.makeInputDir;
    if (!this.warm || !make || this.input || this.destroyed) return;
    this.input = make().then(
      (dir) => {
        this.inputDir = dir;
        return dir;
      },
      () => null,
    );
  }

  /** The next command's sandbox, set up now in the group the current command does not use; null if it fails. */
  private setUpNext(): Promise<Ready | null> {
    return (async () => {
      // With the input dir (made meanwhile), so that the build's tests can run in it.
      await this.input;
      return this.startIn(await this.otherGroup());
    })().catch(() => null);
  }

  /** The group the current command does not use (a box is kept warm only with cgroups). */
  private otherGroup(): Promise<BoxCgroups> | BoxCgroups {
    const primary = this.parts.cgroups!;
    if (this.active !== primary) return primary;
    this.spare ??= this.parts.makeSpareCgroups!().then((group) => {
      this.spareGroup = group;
      return group;
    });
    return this.spare;
  }

  private async startIn(group: BoxCgroups | null): Promise<Ready> {
    return { sandbox: await this.startSandbox(group), group };
  }

  /** Starts one bwrap sandbox over the box in `group`, waiting on stdin for its command; resolves once it is set up. */
  private async startSandbox(group: BoxCgroups | null): Promise<Sandbox> {
    while (this.killing) await this.killing.catch(() => {});
    this.assertOpen();
    const inputDir = this.inputDir ?? undefined;
    const args = bwrapArgs({
      rootfsArgs: this.host.rootfsArgs,
      workDir: this.parts.workDir,
      tmpBytes: tmpSizeBytes,
      sizedTmpfs: this.host.sizedTmpfs,
      disableUserns: this.host.disableUserns,
      measureCpu: !group,
      seccompFd: this.host.seccomp ? 5 : null,
      initFd: 6,
      inputDir,
    });
    // As root: drop to the box user on the host before bwrap, so the box's processes are not
    // host uid 0 (uid 0 outside would own every root file and ignore RLIMIT_NPROC).
    const dropPrivileges = this.host.setpriv
      ? [
          this.host.setpriv,
          `--reuid=${boxUid}`,
          `--regid=${boxGid}`,
          "--clear-groups",
          "--inh-caps=-all",
          "--bounding-set=-all",
          "--no-new-privs",
        ]
      : [];
    const procsFiles = group?.procsFiles ?? [];
    // fds: 0/1 the program's stdin/stdout (its command line comes first on stdin); 2 the status
    // channel: errors of the wrapper and of bwrap, the ready marker (the program's stderr never
    // goes there); 3 the program's stderr (moved to its fd 2 inside); 4 bwrap's options, read and
    // closed by bwrap (--args): the host paths stay out of the command line that pid 1 and `ps` show;
    // 5 the seccomp filter (--seccomp), read and closed by bwrap; 6 the init shell (opened by the wrapper).
    const child = await this.host.launcher.spawn(
      this.host.bash,
      [
        // No startup files: bash reads ~/.bashrc when its stdin is a socket (it takes that for
        // rshd), and the launcher's stdin is one; the host's root shell setup ran in every sandbox's start.
        "--norc",
        "--noprofile",
        "-c",
        hostWrapper,
        "wrapper",
        this.host.initShell,
        String(procsFiles.length),
        ...procsFiles,
        ...dropPrivileges,
        this.host.bwrap,
        "--args",
        "4",
        "--",
        ...args.command,
      ],
      // None of the server's environment: the wrapper gets a PATH only and bwrap clears even that.
      {
        fds: this.host.seccomp ? 6 : 5,
        env: { PATH: hostPath },
        inputs: [
          { fd: 4, data: Buffer.from(args.options.map((a) => `${a}\0`).join("")) },
          ...(this.host.seccomp ? [{ fd: 5, data: this.host.seccomp }] : []),
        ],
        pass: [0, 1, 2, 3],
      },
    );
    if (this.destroyed) {
      // Destroyed while the launcher started it: the box's teardown did not see it.
      child.kill("SIGKILL");
      this.assertOpen();
    }
    this.children.add(child);
    // A program that exits or closes stdin while the caller still writes: EPIPE is not the server's error.
    child.stdin?.on("error", () => {});
    const status = child.stderr as Readable;
    let statusText = "";
    let statusBytes = 0;
    let overflow: string | undefined;
    const exited = new Promise<BoxExit>((resolve, reject) => {
      child.once("close", (code, signal) => {
        this.children.delete(child);
        if (!group) this.measuredCpuMs += parseTimes(statusText) ?? 0;
        // The launcher died under it: how the program ended is unknown, and not the program's doing.
        if (child.lost) reject(new Error("the sandbox launcher process stopped during the run"));
        else resolve(overflow ? { ...exitStatus(code, signal), overflow } : exitStatus(code, signal));
      });
    });
    exited.catch(() => {}); // (rejections are for the caller of exec; not unhandled before then)
    const sandbox: Sandbox = { child, exited, onDone: null, inputDir };
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (why: string) => {
        if (settled) return;
        settled = true;
        child.kill("SIGKILL");
        reject(new Error(`the bwrap box could not start its sandbox: ${why}`));
      };
      status.setEncoding("utf8").on("data", (d: string) => {
        // Only bwrap's and the wrapper's few lines belong here; more is a flood: stop reading, end the sandbox.
        statusBytes += Buffer.byteLength(d);
        if (statusBytes > statusChannelLimit) {
          overflow ??= `more than ${formatBytes(statusChannelLimit)} written into the sandbox's status channel`;
          status.destroy();
          child.kill("SIGKILL");
          return;
        }
        statusText += d;
        if (!settled && statusText.includes(`${readyMarker}\n`)) {
          settled = true;
          resolve();
        }
        // A kept sandbox's status lines (one per command) are taken out as they come: the channel's
        // limit is for what is not understood, not for a long build's many commands.
        if (settled && statusText.includes(`${doneMarker} `)) {
          const lines = statusText.split("\n");
          const rest = lines.pop()!;
          const other = lines.filter((line) => {
            if (!line.startsWith(`${doneMarker} `)) return true;
            sandbox.onDone?.(line.slice(doneMarker.length + 1));
            return false;
          });
          statusText = [...other, rest].join("\n");
          statusBytes = Buffer.byteLength(statusText);
        }
      });
      const early = () => {
        if (settled) return;
        const detail = statusText.replace(/codeclass-error: /g, "").trim();
        fail(detail || "bwrap exited before the sandbox was set up");
      };
      exited.then(early, early);
    });
    return sandbox;
  }

  /** RLIMIT_NPROC counts the host user's tasks everywhere: allow the box's share on top of what runs already. */
  private async nprocLimit(): Promise<number> {
    const uid = this.host.setpriv ? boxUid : (process.getuid?.() ?? 0);
    let tasks = 0;
    for (const pid of await fs.readdir("/proc").catch(() => [] as string[])) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const st = await fs.stat(`/proc/${pid}`);
        if (st.uid === uid) tasks += (await fs.readdir(`/proc/${pid}/task`)).length;
      } catch {}
    }
    return this.parts.limits.processes + tasks;
  }

  async usage(): Promise<BoxUsage> {
    const group = this.active;
    if (!group) return { cpuMs: this.measuredCpuMs, memoryKb: 0, oomKilled: false };
    const u = await group.read();
    const baseline = this.baselines.get(group) ?? { cpuNs: 0, oomKills: 0 };
    return {
      cpuMs: Math.round((u.cpuNs - baseline.cpuNs) / 1e6),
      memoryKb: Math.ceil(u.peakBytes / 1024),
      oomKilled: u.oomKills > baseline.oomKills,
    };
  }

  async inputWait(): Promise<boolean | null> {
    // Only the command's group: a kept-warm box's next sandbox waits on its stdin in the other one.
    const group = this.active;
    if (!group) return null;
    return waitingForInput(await group.pids());
  }

  async resetUsage(): Promise<void> {
    // The next command's sandbox, when one is being set up ahead, is waited for: its setup is not
    // the command's, and its group is the one the command's usage is read from.
    const ready = this.next ? await this.next : null;
    if (ready) this.active = ready.group;
    if (this.usageFresh) {
      this.usageFresh = false;
      return;
    }
    const group = this.active;
    this.measuredCpuMs = 0;
    if (!group) return;
    // The compiler's page cache stays charged to the box; without this, a cold cache would make
    // a hello world look tens of MB big. (Before the first command there is none to drop.)
    if (this.commands > 0) await group.reclaim().catch(() => {});
    await group.resetPeak();
    const u = await group.read();
    this.baselines.set(group, { cpuNs: u.cpuNs, oomKills: u.oomKills });
  }

  /**
   * Kills every process of the box. A sandbox started meanwhile (the next command's, right after a
   * stopped one's result) waits until this is done: started during it, it was killed too, and the
   * next command (a student's next test, after one ran out of time) failed to start.
   */
  killAll(): Promise<void> {
    this.killing ??= this.killEverything().finally(() => {
      this.killing = null;
    });
    return this.killing;
  }

  private async killEverything(): Promise<void> {
    // Each command's bwrap: with --die-with-parent and the PID namespace, its death takes
    // everything the command started with it. Then whatever is left in the cgroups (frozen first).
    const killed = new Set<LaunchedProcess>();
    const killLive = () => {
      for (const child of this.children)
        if (!killed.has(child) && child.exitCode === null && child.signalCode === null) {
          killed.add(child);
          child.kill("SIGKILL");
        }
    };
    killLive();
    await this.parts.cgroups?.killAll();
    await this.spareGroup?.killAll();
    // Wait for the commands to be reaped so that `exited` has resolved when this returns (a
    // kept-warm box's next sandbox, set up meanwhile, goes too: the next command starts another).
    const deadline = Date.now() + 5000;
    while (this.children.size > 0 && Date.now() < deadline) {
      killLive();
      await sleep(5);
    }
  }

  destroy(): Promise<void> {
    this.destroyed ??= this.teardown().finally(() => this.onGone());
    return this.destroyed;
  }

  private async teardown(): Promise<void> {
    const problems: string[] = [];
    const attempt = async (what: string, f: () => Promise<void>) => {
      try {
        await f();
      } catch (e) {
        problems.push(`${what}: ${(e as Error).message}`);
      }
    };
    // A sandbox being set up ahead sees `destroyed` and ends itself; it is waited for first (a while at most).
    await Promise.race([this.next, sleep(2000)]);
    this.next = null;
    await attempt("kill", () => this.killAll());
    await attempt("cgroups", async () => this.parts.cgroups?.remove());
    const spare = await this.spare?.catch(() => null);
    if (spare) await attempt("cgroups", () => spare.remove());
    const { workDir, workDirIsMount } = this.parts;
    if (workDirIsMount) await attempt("unmount", () => unmount(this.host, workDir));
    await attempt("work dir", () => fs.rm(workDir, { recursive: true, force: true }));
    const inputDir = await this.input;
    if (inputDir) {
      await attempt("unmount", () => unmount(this.host, inputDir));
      await attempt("input dir", () => fs.rm(inputDir, { recursive: true, force: true }));
    }
    if (problems.length) throw new Error(`destroying bwrap box ${this.parts.id}: ${problems.join("; ")}`);
  }
}

/** Unmounts the box's tmpfs (lazily if something still holds it); "not mounted" is fine. */
export async function unmount(host: Pick<BwrapHost, "umount" | "launcher">, dir: string): Promise<void> {
  const { umount, launcher } = host;
  if (!umount || !(await isMountPoint(dir))) return;
  let out = await launcher.run(umount, [dir]);
  if (out.code !== 0 && (await isMountPoint(dir))) out = await launcher.run(umount, ["-l", dir]);
  if (out.code !== 0 && (await isMountPoint(dir))) throw new Error(out.stderr.trim() || `umount ${dir} failed`);
}
