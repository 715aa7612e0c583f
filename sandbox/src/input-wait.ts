import fs from "node:fs";
import { arch } from "node:os";

/**
 * Whether a box's program is blocked waiting for input, read from the host's /proc (the boxes'
 * processes are visible from the host in both drivers, and we read them as root).
 *
 * The rule: no thread of the box's processes is running (state R) or in uninterruptible sleep
 * (D), and at least one thread is blocked reading the box's stdin, the pipe or socket the
 * driver feeds from outside: the same open file as fd 0 of a root process of the box (one whose
 * parent is outside it: bwrap itself, or the program a Docker exec or launcher started).
 * A thread blocked that way is either
 *   - in read/readv/pread64 on it (C, C++, Python, Java, Go), or
 *   - in epoll_wait/epoll_pwait(2) without a timeout on an epoll set watching it for input
 *     (Node's event loop, idle but for stdin: a pending timer gives it a timeout).
 * A program that sleeps, waits on a child, or polls with a timeout is not waiting for input.
 *
 * Syscalls are read from /proc/<pid>/task/<tid>/syscall: "<nr> <args...> <sp> <pc>" when blocked,
 * "running" otherwise. procfs reads take microseconds, so they are synchronous (as the bwrap
 * driver's cgroup reads are): a few dozen per sample, a sample every 100 ms of an interactive run.
 */
const syscalls: Record<string, { read: number[]; epoll: number[]; epollTimespec: number[] }> = {
  x64: { read: [0, 17, 19], epoll: [232, 281], epollTimespec: [441] },
  arm64: { read: [63, 65, 67], epoll: [22], epollTimespec: [441] },
};
const table = syscalls[arch()];

/** An infinite epoll timeout (-1) as /proc prints it: the int in a 64-bit register, sign-extended or not. */
const noTimeout = new Set(["0xffffffff", "0xffffffffffffffff"]);

const read = (file: string): string | null => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
};
const list = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
};
const link = (file: string): string | null => {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null;
  }
};

/** State letter and parent pid from /proc/.../stat (after the command name, which may hold spaces and parens). */
function parseStat(stat: string): { state: string; ppid: number } {
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: state ?? "", ppid: Number(ppid) };
}

const isStream = (target: string | null): target is string => !!target && (target.startsWith("pipe:") || target.startsWith("socket:"));

/**
 * True when every process of `pids` (host pids of the box's processes) is blocked and one waits
 * for input on the box's stdin; false otherwise; null when this cannot be read here
 * (an architecture without a table, or /proc not showing the processes).
 */
export function waitingForInput(pids: number[]): boolean | null {
  if (!table || pids.length === 0) return table ? false : null;
  /** Pipes and sockets a blocked thread reads (or watches): candidates for the box's stdin. */
  const candidates: string[] = [];
  /** fd 0 of the box's root processes. */
  const stdins = new Set<string>();
  const inBox = new Set(pids);
  let seen = 0;
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat && !inBox.has(parseStat(stat).ppid)) {
      const stdin = link(`/proc/${pid}/fd/0`);
      if (isStream(stdin)) stdins.add(stdin);
    }
    for (const tid of list(`/proc/${pid}/task`)) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (stat === null) continue; // exited meanwhile
      seen++;
      const { state } = parseStat(stat);
      if (state === "R" || state === "D") return false;
      const syscall = read(`/proc/${pid}/task/${tid}/syscall`)?.trim();
      if (!syscall || syscall === "running") {
        if (syscall === "running") return false;
        continue;
      }
      const [nrText, ...args] = syscall.split(" ");
      const nr = Number(nrText);
      if (table.read.includes(nr)) {
        const target = link(`/proc/${pid}/fd/${Number.parseInt(args[0]!, 16)}`);
        if (isStream(target)) candidates.push(target);
      } else if (table.epoll.includes(nr) || table.epollTimespec.includes(nr)) {
        const infinite = table.epoll.includes(nr) ? noTimeout.has(args[3]!) : args[3] === "0x0";
        if (!infinite) continue;
        const epfd = Number.parseInt(args[0]!, 16);
        const info = read(`/proc/${pid}/fdinfo/${epfd}`) ?? "";
        for (const m of info.matchAll(/^tfd:\s+(\d+)\s+events:\s+([0-9a-f]+)/gm)) {
          if ((Number.parseInt(m[2]!, 16) & 1) === 0) continue; // not EPOLLIN
          const target = link(`/proc/${pid}/fd/${m[1]}`);
          if (isStream(target)) candidates.push(target);
        }
      }
    }
  }
  if (seen === 0) return null;
  return candidates.some((c) => stdins.has(c));
}
