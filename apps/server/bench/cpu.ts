import fs from "node:fs";

export interface CpuSplit {
  /** This process: server, worker, the benchmark's client (ms). */
  server: number;
  /** Every other process started from here (the sandboxes and their launcher), alive or reaped. */
  sandboxes: number;
  /** The postgres processes. */
  postgres: number;
}

/**
 * CPU used so far (ms), from /proc, split by who used it. Each process's time is counted once:
 * its own while it lives, then in its parent's "children" times once reaped.
 */
export function cpuSplit(): CpuSplit {
  // Fields after the command name: utime stime cutime cstime are the 12th to 15th; 100 ticks a second.
  const times = (pid: string) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: f[1]!, own: (Number(f[11]) + Number(f[12])) * 10, reaped: (Number(f[13]) + Number(f[14])) * 10 };
  };
  const procs = new Map<string, ReturnType<typeof times> & { postgres: boolean }>();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      procs.set(pid, { ...times(pid), postgres: fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres" });
    } catch {}
  }
  const self = String(process.pid);
  const underSelf = (pid: string): boolean => {
    for (let p = procs.get(pid)?.ppid; p && p !== "0"; p = procs.get(p)?.ppid) if (p === self) return true;
    return false;
  };
  const split = { server: procs.get(self)!.own, sandboxes: 0, postgres: 0 };
  for (const [pid, p] of procs) {
    if (p.postgres) split.postgres += p.own + p.reaped;
    else if (pid !== self && underSelf(pid)) split.sandboxes += p.own + p.reaped;
  }
  // Reaped by this process: short-lived helpers (the postgres server is alive, so none of its time).
  split.sandboxes += procs.get(self)!.reaped;
  return split;
}
