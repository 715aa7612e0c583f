import { constants } from "node:os";
import { type Duplex, PassThrough, Writable } from "node:stream";
import type Docker from "dockerode";
import type { Box, BoxExecOptions, BoxProcess, BoxUsage } from "../box.ts";
import { waitingForInput } from "../input-wait.ts";
import type { SourceFile } from "../types.ts";
import type { ContainerCgroup } from "./cgroup.ts";
import { runInLauncher } from "./launcher.ts";
import { tarOf } from "./tar.ts";

/** The environment every process starts from; `exec`'s own `env` is laid over it. */
export const defaultEnv: Readonly<Record<string, string>> = {
  PATH: "/usr/local/bin:/usr/bin:/bin",
  LANG: "C.UTF-8",
  HOME: "/box",
};

export const sandboxUser = "65534:65534";

/** What the provider learned about a started container. */
export interface StartedContainer {
  container: Docker.Container;
  id: string;
  /** Host pids of the container's own processes (docker-init and the launcher); never killed by killAll. Empty when not visible. */
  keepPids: number[];
  /** Null when the container's cgroup is not visible from here (remote daemon): usage then comes from the stats API. */
  cgroup: ContainerCgroup | null;
  /** The stream attached to the container's launcher (see launcher.ts), which runs the box's first command. */
  launcher: Duplex;
}

const signalNames = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Exit code as Docker reports it -> the contract's status (128+n is a death by signal n). */
export function exitStatus(code: number | null | undefined): { exitCode: number | null; signal: string | null } {
  if (code === null || code === undefined) return { exitCode: null, signal: "SIGKILL" };
  if (code >= 129 && code <= 192) {
    const name = signalNames.get(code - 128);
    if (name) return { exitCode: null, signal: name };
  }
  return { exitCode: code, signal: null };
}

const isGone = (e: unknown) => {
  const status = (e as { statusCode?: number })?.statusCode;
  return (
    status === 404 ||
    status === 409 ||
    /no such (container|exec)|is not running|removal of container .* is already in progress/i.test(String(e))
  );
};

/** Far above any build's files (/box is a tmpfs of the box's file-size limit): a guard, not a limit users meet. */
const maxSnapshotBytes = 512 * 1024 * 1024;

/**
 * Run as the sandbox user: ends every process of that user but itself (what a command left running,
 * also where the driver cannot see the container's processes), removes its System V IPC objects and
 * POSIX message queues (one IPC namespace serves every command of the container), empties /box and
 * the scratch dirs (opening up what a program made unreadable), then unpacks the kept archive from
 * stdin into /box.
 */
const restoreScript = [
  "kill -KILL -1 2>/dev/null",
  "ipcrm --all 2>/dev/null",
  "chmod -R u+rwX /box /tmp /dev/shm 2>/dev/null",
  "find /box /tmp /dev/shm /dev/mqueue -mindepth 1 -delete 2>/dev/null",
  "exec tar -x -f - -C /box --no-same-owner --no-same-permissions",
].join("; ");

/** One single-use container: see box.ts for the contract. */
export class DockerBox implements Box {
  readonly id: string;
  private readonly container: Docker.Container;
  private readonly cgroup: ContainerCgroup | null;
  private readonly keepPids: Set<number>;
  private baseline = { cpuMs: 0, oomKills: 0, statsOom: false };
  /** Usage read just before the container had to be stopped (killAll without cgroup access). */
  private frozenUsage: BoxUsage | null = null;
  private readonly sockets = new Set<Duplex>();
  private killing: Promise<void> | null = null;
  private destroying: Promise<void> | null = null;
  private stopped = false;
  /** Execs started so far. */
  private execs = 0;
  /** The work dir as `saveWorkDir` kept it (a tar archive). */
  private saved: Buffer | null = null;

  private readonly docker: Docker;
  /** The launcher, until the first command takes it. */
  private launcher: Duplex | null;
  /** The launcher was given a command that has not ended yet (its process may not exist yet). */
  private launcherBusy = false;

  constructor(docker: Docker, started: StartedContainer) {
    this.docker = docker;
    this.launcher = started.launcher;
    this.sockets.add(started.launcher);
    this.id = started.id;
    this.container = started.container;
    this.cgroup = started.cgroup;
    this.keepPids = new Set(started.keepPids);
  }

  async writeFiles(files: SourceFile[]): Promise<void> {
    if (files.length === 0) return;
    // putArchive cannot write into a tmpfs mount, so tar runs inside as the sandbox user.
    // Directory entries come first and GNU tar replaces a non-directory in their place.
    await this.helper(
      "writing files into the box",
      ["tar", "-x", "-f", "-", "-C", "/box", "--no-same-owner", "--no-same-permissions"],
      await tarOf(files),
    );
  }

  async saveWorkDir(): Promise<void> {
    const chunks: Buffer[] = [];
    let bytes = 0;
    await this.helper("keeping the box's files", ["tar", "-c", "-f", "-", "-C", "/box", "."], null, (c) => {
      bytes += c.length;
      if (bytes <= maxSnapshotBytes) chunks.push(c);
    });
    if (bytes > maxSnapshotBytes) throw new Error(`the build's files are larger than ${maxSnapshotBytes} bytes`);
    this.saved = Buffer.concat(chunks);
  }

  async restoreWorkDir(): Promise<void> {
    const saved = this.saved;
    if (!saved) throw new Error("restoreWorkDir: nothing was saved");
    // Commands share the container: what one left running is ended first (where its processes can be seen).
    if (this.cgroup && this.keepPids.size > 0) await this.killAll();
    await this.helper("restoring the box's files", ["sh", "-c", restoreScript], saved);
  }

  /** Runs one of the box's own commands as the sandbox user with an empty environment; throws, saying `what` failed, unless it exits 0. */
  private async helper(what: string, argv: string[], stdin: Buffer | null, onStdout?: (chunk: Buffer) => void): Promise<void> {
    const proc = await this.start(["env", "-i", ...envPairs({}), ...argv]);
    let stderr = "";
    proc.stderr.on("data", (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString();
    });
    if (onStdout) proc.stdout.on("data", onStdout);
    else proc.stdout.resume();
    proc.stdin.on("error", () => {});
    proc.stdin.end(stdin ?? undefined);
    const status = await proc.exited;
    if (status.exitCode !== 0) throw new Error(`${what} failed (${status.signal ?? `exit ${status.exitCode}`}): ${stderr.trim()}`);
  }

  async exec(options: BoxExecOptions): Promise<BoxProcess> {
    const { argv, env, cpuMs, fileSizeKb, files } = options;
    if (argv.length === 0) throw new Error("exec: argv is empty");
    if (argv.some((a) => a.includes("\0"))) throw new Error("exec: an argument contains NUL");
    const cpuSeconds = Math.max(1, Math.ceil(cpuMs / 1000));
    // env -i: exactly `env` over the defaults, nothing of the container's (Docker adds HOSTNAME).
    // prlimit: SIGXCPU at the soft CPU limit, SIGKILL a second later; SIGXFSZ/EFBIG past fileSizeKb.
    const program = [
      "env",
      "-i",
      ...envPairs(env),
      "/usr/bin/prlimit",
      `--cpu=${cpuSeconds}:${cpuSeconds + 1}`,
      `--fsize=${fileSizeKb * 1024}`,
      "--",
      ...argv,
    ];
    const launcher = this.launcher;
    this.launcher = null;
    if (launcher && !this.destroying && !this.stopped && !launcher.destroyed) {
      this.execs++;
      const archive = files?.length ? await tarOf(files) : Buffer.alloc(0);
      this.launcherBusy = true;
      return runInLauncher(this.docker, launcher, program, archive, exitStatus, () => {
        this.launcherBusy = false;
      });
    }
    if (!files?.length) return this.start(program);
    // The files ride in the same exec (each exec costs tens of ms): the first N bytes of stdin are
    // their tar archive, read by `head -c N` (which never reads past N), and the rest is the
    // program's. tar -i reads to the end of those N bytes, so nothing of the archive is left over.
    const archive = await tarOf(files);
    const proc = await this.start(
      [
        "sh",
        "-c",
        `head -c "$1" | tar -x -i -f - -C /box --no-same-owner --no-same-permissions || exit 125; echo ${filesMarker} >&2; shift; exec "$@"`,
        "sh",
        String(archive.length),
        ...program,
      ],
      archive,
    );
    return afterMarker(proc);
  }

  /** Starts `cmd` in the container; `head` goes to its stdin before anything the caller writes. */
  private async start(cmd: string[], head?: Buffer): Promise<BoxProcess> {
    if (this.destroying) throw new Error("the box was destroyed");
    const exec = await this.container.exec({
      Cmd: cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: sandboxUser,
      WorkingDir: "/box",
      Env: [],
    });
    const socket = await exec.start({ hijack: true, stdin: true });
    this.execs++;
    this.sockets.add(socket);
    if (head) socket.write(head);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.docker.modem.demuxStream(socket, stdout, stderr);

    let ended = false;
    /** Whether the stream ended because the box was being destroyed (the exec may not even have begun). */
    let endedByDestroy = false;
    const streamDone = new Promise<void>((resolve) => {
      const finish = () => {
        if (ended) return;
        ended = true;
        endedByDestroy = this.destroying !== null || this.stopped;
        this.sockets.delete(socket);
        stdout.end();
        stderr.end();
        resolve();
      };
      socket.once("end", finish);
      socket.once("close", finish);
      socket.once("error", finish);
    });

    // Writes after the program has gone (or after end()) are dropped, not errors: the
    // program is free to exit without reading its input.
    const stdin = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (ended || socket.destroyed || socket.writableEnded) return cb();
        socket.write(chunk, () => cb());
      },
      final(cb) {
        // Half-close: the daemon closes the program's stdin (EOF) and keeps sending output.
        if (!ended && !socket.destroyed && !socket.writableEnded) socket.end();
        cb();
      },
    });
    socket.on("error", () => {});

    const exited = streamDone.then(async () => {
      if (endedByDestroy) return exitStatus(null);
      // The attach stream ends when the program and everything holding its stdout/stderr are gone.
      for (let i = 0; i < 100; i++) {
        try {
          const info = await exec.inspect();
          if (!info.Running) return exitStatus(info.ExitCode);
        } catch (e) {
          if (isGone(e)) return exitStatus(null);
          throw e;
        }
        await sleep(i < 10 ? 5 : 20);
      }
      return exitStatus(null);
    });
    return { stdin, stdout, stderr, exited };
  }

  async resetUsage(): Promise<void> {
    if (this.cgroup) {
      // The compiler's page cache stays charged to the box; without this, a cold cache would
      // make a hello world look tens of MB big. (Before the first exec there is none to drop.)
      if (this.execs > 0) await this.cgroup.reclaim().catch(() => {});
      await this.cgroup.resetPeak();
      const [cpuMs, oomKills] = await Promise.all([this.cgroup.cpuMs(), this.cgroup.oomKills()]);
      this.baseline = { cpuMs, oomKills, statsOom: false };
      return;
    }
    const s = await this.stats();
    this.baseline = { cpuMs: s.cpuMs, oomKills: 0, statsOom: s.oomKilled };
  }

  async usage(): Promise<BoxUsage> {
    if (this.frozenUsage) return this.frozenUsage;
    if (this.cgroup) {
      const [cpuMs, peak, oomKills] = await Promise.all([this.cgroup.cpuMs(), this.cgroup.peakBytes(), this.cgroup.oomKills()]);
      return {
        cpuMs: Math.max(0, Math.round(cpuMs - this.baseline.cpuMs)),
        memoryKb: Math.ceil(peak / 1024),
        oomKilled: oomKills > this.baseline.oomKills,
      };
    }
    const s = await this.stats();
    return {
      cpuMs: Math.max(0, Math.round(s.cpuMs - this.baseline.cpuMs)),
      memoryKb: Math.ceil(s.peakBytes / 1024),
      oomKilled: s.oomKilled && !this.baseline.statsOom,
    };
  }

  async inputWait(): Promise<boolean | null> {
    // The container's processes are visible from here only with its cgroup (a local daemon).
    if (!this.cgroup || this.keepPids.size === 0 || this.stopped || this.destroying) return null;
    const pids = (await this.cgroup.pids()).filter((p) => !this.keepPids.has(p));
    return waitingForInput(pids);
  }

  /** Usage through the API, for a daemon whose cgroups this process cannot see. Peak memory is since the container started. */
  private async stats(): Promise<{ cpuMs: number; peakBytes: number; oomKilled: boolean }> {
    const s = (await this.container.stats({ stream: false, "one-shot": true } as { stream: false })) as {
      cpu_stats?: { cpu_usage?: { total_usage?: number } };
      memory_stats?: { max_usage?: number; usage?: number; stats?: { oom_kill?: number } };
    };
    const ns = s.cpu_stats?.cpu_usage?.total_usage ?? 0;
    const mem = s.memory_stats ?? {};
    return { cpuMs: ns / 1e6, peakBytes: mem.max_usage ?? mem.usage ?? 0, oomKilled: (mem.stats?.oom_kill ?? 0) > 0 };
  }

  async killAll(): Promise<void> {
    if (this.destroying || this.stopped) return;
    this.killing ??= this.killEverything().finally(() => {
      this.killing = null;
    });
    return this.killing;
  }

  private async killEverything(): Promise<void> {
    const cgroup = this.cgroup;
    if (cgroup && this.keepPids.size > 0) {
      try {
        // Nothing but the container's own processes and no command in the launcher (which forks
        // it just after saying "ready"): nothing to kill, the common case once a program has
        // exited, so no freezing.
        if (!this.launcherBusy && (await cgroup.pids()).every((p) => this.keepPids.has(p))) return;
        // Frozen, nothing can fork or exit while the list is read and signalled, so a pid
        // in the list is still that process when it is killed.
        for (let round = 0; round < 200; round++) {
          let frozen = false;
          try {
            await cgroup.freeze(true);
            frozen = true;
          } catch {}
          const victims = (await cgroup.pids()).filter((p) => !this.keepPids.has(p));
          for (const pid of victims) {
            try {
              process.kill(pid, "SIGKILL");
            } catch {}
          }
          if (frozen) await cgroup.freeze(false);
          if (victims.length === 0 && !this.launcherBusy) return;
          await sleep(round < 10 ? 1 : 10);
        }
      } catch {
        // fall through: stop the container instead
      }
    }
    // No view of the processes from here: stop the whole container (the box can then no
    // longer exec, but its last usage stays readable).
    this.frozenUsage = await this.usage().catch(() => null);
    this.stopped = true;
    await this.container.kill().catch((e) => {
      if (!isGone(e)) throw e;
    });
  }

  async destroy(): Promise<void> {
    this.destroying ??= (async () => {
      try {
        await this.container.remove({ force: true, v: true });
      } catch (e) {
        if (!isGone(e)) {
          // A removal already in progress or a daemon hiccup: try once more, then give up quietly.
          await sleep(100);
          await this.container.remove({ force: true, v: true }).catch(() => {});
        }
      }
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
      await this.cgroup?.close().catch(() => {});
    })();
    return this.destroying;
  }
}

/** Printed on stderr by an exec that wrote files, once they are written and before the program starts. */
const filesMarker = "codeclass-files-written";

/**
 * Waits until the files of an exec are written: resolves with the process whose stderr starts
 * after the marker, or rejects with tar's complaint when the exec ended without it.
 */
function afterMarker(proc: BoxProcess): Promise<BoxProcess> {
  return new Promise((resolve, reject) => {
    let text = "";
    let found = false;
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1"); // byte for byte, so the program's first bytes pass intact
      const at = text.indexOf(`${filesMarker}\n`);
      if (at < 0) {
        if (text.length > 65536) text = text.slice(-4096);
        return;
      }
      found = true;
      proc.stderr.off("data", onData);
      proc.stderr.pause();
      const stderr = new PassThrough();
      const rest = text.slice(at + filesMarker.length + 1);
      if (rest) stderr.write(Buffer.from(rest, "latin1"));
      proc.stderr.pipe(stderr);
      resolve({ ...proc, stderr });
    };
    proc.stderr.on("data", onData);
    void proc.exited.then(
      (status) => {
        if (!found) reject(new Error(`writing files into the box failed (${status.signal ?? `exit ${status.exitCode}`}): ${text.trim()}`));
      },
      (e) => reject(e),
    );
  });
}

/** KEY=value arguments for env(1): the defaults overlaid with `env`. */
function envPairs(env: Record<string, string>): string[] {
  const merged = { ...defaultEnv, ...env };
  return Object.entries(merged).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`exec: bad environment variable name "${k}"`);
    if (v.includes("\0")) throw new Error(`exec: environment variable ${k} contains NUL`);
    return `${k}=${v}`;
  });
}
