import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { argumentPresets as presets } from "../presets.ts";
import { readShellLine, shellLine } from "../shell.ts";

/** The unprivileged user (nobody/nogroup) programs run as, inside the box and, when we are root, on the host too. */
export const boxUid = 65534;
export const boxGid = 65534;

/** Top-level directories of the sandbox image that are mounted read-only (or recreated as links). */
const systemDirs = ["usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "opt"];

/**
 * bwrap arguments that build the box's filesystem from the image's root directory: its system
 * dirs read-only (its own /etc, never the host's), merged-/usr links recreated as links.
 */
export async function rootfsArgs(rootfs: string): Promise<string[]> {
  const args: string[] = [];
  for (const name of systemDirs) {
    const host = path.join(rootfs, name);
    let st: Awaited<ReturnType<typeof fs.lstat>>;
    try {
      st = await fs.lstat(host);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) args.push("--symlink", await fs.readlink(host), `/${name}`);
    else if (st.isDirectory()) args.push("--ro-bind", host, `/${name}`);
  }
  return args;
}

export interface SandboxCommand {
  /** The image's root directory args (see rootfsArgs). */
  rootfsArgs: string[];
  /** Host dir mounted at /box. */
  workDir: string;
  /** Size of /tmp and /dev/shm inside, bytes. */
  tmpBytes: number;
  /** bwrap has --size (0.8+). */
  sizedTmpfs: boolean;
  /** bwrap has --disable-userns (0.8+). */
  disableUserns: boolean;
  /**
   * No cgroups: a shell stays inside as the program's parent and reports on the status channel the
   * CPU time of everything it reaped (bwrap does not reap the namespace's init, so the host
   * cannot see it).
   */
  measureCpu: boolean;
  /** The fd bwrap reads the seccomp filter from (see seccomp.ts), or null for none. */
  seccompFd: number | null;
  /** The fd bwrap copies pid 1's shell from (the image's dash, opened by the host wrapper). */
  initFd: number;
  /** Host dir bound read-only at /dev/.input: a kept sandbox's commands read their stdin from a file in it (see execWithInput). */
  inputDir?: string;
}

/** What one sandbox runs, sent as one line on its stdin once it is set up (see `commandLine`). */
export interface ProgramCommand {
  argv: string[];
  env: Record<string, string>;
  /** rlimits set right before the program (see programJob): all values are soft=hard unless noted. */
  rlimits: { cpuSeconds: number; fileBytes: number; addressBytes?: number; processes?: number };
}

/**
 * The program's job, run by pid 1's shell in the subshell it forks for it, with "$@" set from
 * `commandLine`'s words: the environment made from nothing (the shell's own PATH and PWD unset,
 * then each KEY=value word exported up to "--"), the rlimits set with dash's `ulimit` (soft before
 * hard: a hard limit below the soft one is refused), then `exec` of the program. Builtins only: no
 * `env -i` and `prlimit` processes before the program (an exec costs milliseconds on a VM, on every run).
 */
const programJob = [
  "unset PATH PWD OLDPWD",
  'while [ "$1" != -- ]; do export "$1"; shift; done',
  'ulimit -St "$2"',
  'ulimit -Ht "$3"',
  'ulimit -f "$4"',
  "ulimit -n 256",
  "ulimit -c 0",
  '{ [ "$5" = - ] || ulimit -v "$5"; }',
  '{ [ "$6" = - ] || ulimit -p "$6"; }',
  "shift 6",
  'exec "$@"',
].join("; ");

/** Where pid 1's shell is inside the sandbox (see bwrapArgs). */
const initPath = "/init";

/** Written on the status channel by the box once the sandbox is set up, before it reads its command. */
export const readyMarker = "codeclass-ready";
const timesMarker = "codeclass-times";
/** Starts the status line of a command run in a kept sandbox: `codeclass-done MARKER STATUS clean|dirty`. */
export const doneMarker = "codeclass-done";

/** Where a kept sandbox's command reads its stdin from: a file in the box's input dir, bound read-only. */
const inputMount = "/dev/.input";
const inputPath = `${inputMount}/stdin`;
/** The input file's name in the box's input dir on the host. */
export const inputFile = "stdin";

/** Scratch space that lives as long as a sandbox: a kept sandbox is reused only while these are empty. */
const scratchDirs = ["/tmp", "/dev/shm", "/dev/mqueue"];

/**
 * bwrap's argv for one sandbox over the box's work dir: its options (passed on a pipe with --args,
 * so the host paths do not show in the command line) and the command after `--`, a shell that
 * reports "set up" and then waits for its program on stdin (see `commandLine`). So a sandbox can
 * be started before its program is known, and the namespaces are ready when a run comes.
 */
export function bwrapArgs(c: SandboxCommand): { options: string[]; command: string[] } {
  const tmpfs = (dest: string) => [...(c.sizedTmpfs ? ["--size", String(c.tmpBytes)] : []), "--perms", "1777", "--tmpfs", dest];
  const options = [
    // Every namespace: user (an explicit --unshare-user: --unshare-all only "tries"), pid, net
    // (only a loopback), ipc, uts, cgroup. No nested user namespaces for the program.
    ...(c.seccompFd === null ? [] : ["--seccomp", String(c.seccompFd)]),
    "--unshare-all",
    "--unshare-user",
    ...(c.disableUserns ? ["--disable-userns"] : []),
    "--die-with-parent",
    "--new-session",
    // No bwrap reaper as pid 1: the box's own shell (below) is pid 1, and not dumpable.
    "--as-pid-1",
    "--uid",
    String(boxUid),
    "--gid",
    String(boxGid),
    "--hostname",
    "sandbox",
    ...c.rootfsArgs,
    "--bind",
    c.workDir,
    "/box",
    ...tmpfs("/tmp"),
    "--dev",
    "/dev",
    ...tmpfs("/dev/shm"),
    // The IPC namespace's POSIX message queues, visible: a kept sandbox checks that none is left.
    "--mqueue",
    "/dev/mqueue",
    ...(c.inputDir ? ["--ro-bind", c.inputDir, inputMount] : []),
    "--proc",
    "/proc",
    // The shell that is pid 1, copied from the image's dash (fd initFd) into the root tmpfs with
    // execute permission only: the kernel makes a process that runs a file it cannot read not
    // dumpable, so the program (same uid) cannot trace it, read its memory or environment, take
    // its descriptors (the status channel) or forge its exit status. bwrap's own pid 1 is dumpable.
    "--perms",
    "0111",
    "--file",
    String(c.initFd),
    initPath,
    // The bwrap-made root tmpfs (mount points only) becomes read-only: nothing to write outside /box and /tmp.
    "--remount-ro",
    "/",
    "--chdir",
    "/box",
    // The shell's own environment; the program's is set by `env -i` in its command line.
    "--clearenv",
    "--setenv",
    "PATH",
    "/usr/bin:/bin",
  ];
  // Inside, pid 1: report "set up" on the status channel (fd 2), then read command lines (dash's
  // read takes a byte at a time, so nothing after a line is consumed: the rest of stdin is the
  // program's), each made the arguments, its first word the mode:
  // - "once": start the program's job (see programJob), which becomes the program, with its stderr
  //   (fd 3) on fd 2. As a background job and `wait` (stdin passed explicitly): a foreground job
  //   killed by a signal would make dash print "CPU time limit exceeded" into the program's stderr.
  //   pid 1 exits with the program's status (128+N for signal N), and its exit ends every process
  //   left in the namespace.
  // - "kept MARKER": the same job with its stdin from the input file (see inputDir), then, with
  //   builtins only, a check that it left nothing behind: no process but pid 1 (a zombie counts),
  //   no entry in /tmp, /dev/shm or /dev/mqueue, no SysV IPC object. MARKER (random, known to pid
  //   1 alone: pid 1 is not dumpable and the program never sees the line) then ends the output on
  //   fd 1 and fd 3, and a status line says the program's status and "clean" or "dirty". Clean:
  //   pid 1 waits for the next line; dirty: it exits, which ends what is left (see execWithInput).
  const job = `{ ${programJob}; }`;
  const once = `exec 4<&0; ${job} <&4 4<&- 2>&3 3>&- & wait $!; rc=$?; exec 3>&- 4<&-`;
  const onceEnd = c.measureCpu ? `echo ${timesMarker} >&2; times >&2; exit "$rc"` : `exit "$rc"`;
  const leftovers = [
    "s=clean",
    'for p in /proc/[0-9]*; do [ "$p" = /proc/1 ] || s=dirty; done',
    `for f in ${scratchDirs.flatMap((d) => [`${d}/*`, `${d}/.[!.]*`, `${d}/..?*`]).join(" ")}; do if [ -e "$f" ] || [ -h "$f" ]; then s=dirty; fi; done`,
    'for t in msg sem shm; do if [ -r /proc/sysvipc/$t ]; then l=; { read -r h; read -r l; } </proc/sysvipc/$t; [ -z "$l" ] || s=dirty; fi; done',
  ].join("; ");
  const kept = [
    'm="$2"; shift 2',
    `${job} <${inputPath} 2>&3 3>&- & wait $!; rc=$?`,
    leftovers,
    'printf %s "$m"; printf %s "$m" >&3',
    `echo "${doneMarker} $m $rc $s" >&2`,
    '[ "$s" = clean ] || exit "$rc"',
  ].join("; ");
  const loop = `while :; do ${readShellLine}; if [ "$1" = kept ]; then ${kept}; else shift; ${once}; ${onceEnd}; fi; done`;
  const script = `${presets.assignments}; echo ${readyMarker} >&2; ${loop}`;
  return { options, command: [initPath, "-c", script, "sh"] };
}

/**
 * The line a sandbox's shell reads as its command (see shellLine and programJob): its mode ("once",
 * or "kept" and the marker: see bwrapArgs), the environment as KEY=value words, exactly PATH, LANG,
 * HOME and `env` (`env` wins), then "--", the limits (CPU seconds soft and hard, file size in
 * 512-byte blocks, address space in KiB or "-", processes or "-"), then the program's argv.
 */
export function commandLine(p: ProgramCommand, mode: ["once"] | ["kept", string] = ["once"]): string {
  const env: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8", HOME: "/box", ...p.env };
  const { cpuSeconds, fileBytes, addressBytes, processes } = p.rlimits;
  const limits = [
    // SIGXCPU at the soft limit, SIGKILL a second later for programs that catch SIGXCPU.
    String(cpuSeconds),
    String(cpuSeconds + 1),
    String(Math.max(1, Math.floor(fileBytes / 512))),
    addressBytes ? String(Math.max(1, Math.floor(addressBytes / 1024))) : "-",
    processes ? String(processes) : "-",
  ];
  return shellLine([...mode, ...Object.entries(env).map(([k, v]) => `${k}=${v}`), "--", ...limits, ...p.argv], presets.names);
}

/**
 * The host-side wrapper, run by bash with a minimal environment:
 *   bash -c WRAPPER wrapper <init shell> <n> <cgroup.procs files...> <command...>
 * It writes its own pid into each of the box's cgroup.procs files before anything else, then
 * becomes the command: the command and every process it ever starts are in the box's groups from
 * their first instruction (no window in which a fork escapes). Its stderr is the status channel.
 * It also closes every fd above 5 (4 and 5 carry bwrap's options and seccomp filter): its
 * starter may hold descriptors without close-on-exec, and bwrap passes every open fd into the
 * sandbox. Then it opens the init shell on fd 6 (see bwrapArgs) and execs the command with an
 * empty environment (`exec -c`). (bash, not sh: dash cannot name an fd above 9.)
 */
export const hostWrapper = [
  // The host's OOM killer picks sandboxes before anything else (as Docker's OomScoreAdj 1000).
  "echo 1000 > /proc/self/oom_score_adj 2>/dev/null",
  'cd /proc/self/fd && for fd in *; do if [ "$fd" -gt 5 ]; then eval "exec $fd>&-"; fi; done; cd /',
  'exec 6< "$1" || { echo "codeclass-error: cannot open the sandbox shell $1" >&2; exit 125; }',
  'n="$2"; shift 2',
  'while [ "$n" -gt 0 ]; do',
  '  echo $$ > "$1" || { echo "codeclass-error: cannot join the box cgroup $1" >&2; exit 125; }',
  "  shift; n=$((n - 1))",
  "done",
  'exec -c "$@"',
].join("\n");

/** CPU ms of children from the `times` builtin's second line ("0m0.410000s 0m0.050000s"). */
export function parseTimes(text: string): number | null {
  const after = text.split(`${timesMarker}\n`)[1];
  const line = after?.split("\n")[1];
  if (!line) return null;
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  return parts.length === 2 ? Math.round(parts[0]! + parts[1]!) : null;
}

const signalNames = new Map<number, string>();
for (const [name, n] of Object.entries(os.constants.signals)) if (!signalNames.has(n)) signalNames.set(n, name);

export function signalName(n: number): string {
  return signalNames.get(n) ?? (n >= 34 && n <= 64 ? `SIGRTMIN+${n - 34}` : `SIG${n}`);
}

/**
 * The program's status from bwrap's: bwrap exits with the program's code, or 128+N when it was
 * killed by signal N, so 129..192 is reported as that signal. A signal that killed bwrap itself
 * (killAll) is reported as is.
 */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): { exitCode: number | null; signal: string | null } {
  if (signal) return { exitCode: null, signal };
  if (code !== null && code >= 129 && code <= 192) return { exitCode: null, signal: signalName(code - 128) };
  return { exitCode: code, signal: null };
}
