import { promises as fs } from "node:fs";

/**
 * A container's cgroup(s) as seen from the host, for usage accounting and for killing every
 * process in it. Three layouts are probed:
 *   - cgroup v1 (cgroupfs driver):  /sys/fs/cgroup/<controller>/docker/<id>/
 *   - cgroup v1 (systemd driver):   /sys/fs/cgroup/<controller>/system.slice/docker-<id>.scope/
 *   - cgroup v2 (either driver):    /sys/fs/cgroup/system.slice/docker-<id>.scope/ or /sys/fs/cgroup/docker/<id>/
 * The container's PID 1 (`/proc/<pid>/cgroup`) names the real paths; the fixed candidates are
 * the fallback when /proc does not show it.
 */
export interface ContainerCgroup {
  readonly version: 1 | 2;
  /** CPU time of every process in the cgroup, ms. */
  cpuMs(): Promise<number>;
  /** Peak memory since the last `resetPeak()` (or since start), bytes. */
  peakBytes(): Promise<number>;
  /** Current memory, bytes. */
  currentBytes(): Promise<number>;
  resetPeak(): Promise<void>;
  /** Drops reclaimable memory (page cache a compiler left charged to the box) so it does not count as the next step's. Best effort. */
  reclaim(): Promise<void>;
  /** How many times the OOM killer fired in this cgroup. */
  oomKills(): Promise<number>;
  /** Host pids of the processes in the cgroup. */
  pids(): Promise<number[]>;
  /** Freezes (true) or thaws (false) every process; resolves once the state is reached (or after 500 ms). */
  freeze(frozen: boolean): Promise<void>;
  /** Releases held file descriptors. */
  close(): Promise<void>;
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

const readText = (p: string) => fs.readFile(p, "utf8");

/** "key value" lines (memory.events, cpu.stat, memory.oom_control) as a map. */
function keyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^\d+$/.test(v)) out.set(k, Number(v));
  }
  return out;
}

/**
 * Finds the cgroup of container `id` whose PID 1 is host pid `pid` (0 when unknown). Null when
 * not visible from here. `root` and `proc` are for tests with a fake tree.
 */
export async function findContainerCgroup(
  id: string,
  pid: number,
  root = "/sys/fs/cgroup",
  proc = "/proc",
): Promise<ContainerCgroup | null> {
  const fromProc = pid > 0 ? await procCgroupPaths(`${proc}/${pid}/cgroup`, id) : null;

  // cgroup v2: one unified hierarchy (no per-controller directories).
  const unified = (await exists(`${root}/cgroup.controllers`)) && !(await exists(`${root}/memory`));
  if (unified) {
    const candidates = [
      fromProc?.get("") ? `${root}${fromProc.get("")}` : null,
      `${root}/system.slice/docker-${id}.scope`,
      `${root}/docker/${id}`,
    ];
    for (const dir of candidates) if (dir && (await exists(`${dir}/memory.current`))) return new CgroupV2(dir);
    return null;
  }

  // cgroup v1: one directory per controller.
  const dirFor = async (controller: string, file: string): Promise<string | null> => {
    const rel = fromProc?.get(controller);
    const candidates = [
      rel !== undefined ? `${root}/${controller}${rel}` : null,
      `${root}/${controller}/docker/${id}`,
      `${root}/${controller}/system.slice/docker-${id}.scope`,
    ];
    for (const dir of candidates) if (dir && (await exists(`${dir}/${file}`))) return dir;
    return null;
  };
  const [memory, cpuacct, freezer, pids] = await Promise.all([
    dirFor("memory", "memory.max_usage_in_bytes"),
    dirFor("cpuacct", "cpuacct.usage"),
    dirFor("freezer", "freezer.state"),
    dirFor("pids", "cgroup.procs"),
  ]);
  if (!memory || !cpuacct) return null;
  return new CgroupV1(memory, cpuacct, freezer, pids ?? memory);
}

/** Controller -> path from /proc/<pid>/cgroup ("" for the v2 unified line), if it names the container. */
async function procCgroupPaths(file: string, id: string): Promise<Map<string, string> | null> {
  let text: string;
  try {
    text = await readText(file);
  } catch {
    return null;
  }
  if (!text.includes(id)) return null; // another pid namespace, or a recycled pid
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = line.match(/^\d+:([^:]*):(.*)$/);
    if (!m) continue;
    const path = m[2]!;
    if (!path.includes(id)) continue;
    for (const c of m[1]!.split(",")) out.set(c.replace(/^name=/, ""), path);
  }
  return out;
}

class CgroupV1 implements ContainerCgroup {
  readonly version = 1;
  private readonly memory: string;
  private readonly cpuacct: string;
  private readonly freezer: string | null;
  private readonly pidsDir: string;

  constructor(memory: string, cpuacct: string, freezer: string | null, pidsDir: string) {
    this.memory = memory;
    this.cpuacct = cpuacct;
    this.freezer = freezer;
    this.pidsDir = pidsDir;
  }

  async cpuMs() {
    return Number((await readText(`${this.cpuacct}/cpuacct.usage`)).trim()) / 1e6;
  }
  async peakBytes() {
    return Number((await readText(`${this.memory}/memory.max_usage_in_bytes`)).trim());
  }
  async currentBytes() {
    return Number((await readText(`${this.memory}/memory.usage_in_bytes`)).trim());
  }
  async resetPeak() {
    // Writing 0 resets the peak to the current usage.
    await fs.writeFile(`${this.memory}/memory.max_usage_in_bytes`, "0");
  }
  async reclaim() {
    // With tasks still in the cgroup this reclaims what it can (page cache), about 2 ms.
    await fs.writeFile(`${this.memory}/memory.force_empty`, "0");
  }
  async oomKills() {
    // "oom_kill N" since Linux 4.13.
    return keyed(await readText(`${this.memory}/memory.oom_control`)).get("oom_kill") ?? 0;
  }
  async pids() {
    return parsePids(await readText(`${this.pidsDir}/cgroup.procs`));
  }
  async freeze(frozen: boolean) {
    if (!this.freezer) throw new Error("no freezer cgroup for this container");
    const want = frozen ? "FROZEN" : "THAWED";
    await fs.writeFile(`${this.freezer}/freezer.state`, want);
    const until = Date.now() + 500;
    while (Date.now() < until) {
      if ((await readText(`${this.freezer}/freezer.state`)).trim() === want) return;
      await sleep(2);
    }
  }
  async close() {}
}

class CgroupV2 implements ContainerCgroup {
  readonly version = 2;
  /** memory.peak opened for a per-descriptor reset (Linux 6.12+); null when unsupported. */
  private peakHandle: fs.FileHandle | null = null;
  private peakResettable = true;

  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async cpuMs() {
    return (keyed(await readText(`${this.dir}/cpu.stat`)).get("usage_usec") ?? 0) / 1000;
  }
  async peakBytes() {
    if (this.peakHandle) {
      const buf = Buffer.alloc(64);
      const { bytesRead } = await this.peakHandle.read(buf, 0, buf.length, 0);
      const peak = Number(buf.subarray(0, bytesRead).toString().trim());
      if (Number.isFinite(peak)) return peak;
    }
    try {
      return Number((await readText(`${this.dir}/memory.peak`)).trim());
    } catch {
      return this.currentBytes(); // kernels before 5.19 have no memory.peak
    }
  }
  async currentBytes() {
    return Number((await readText(`${this.dir}/memory.current`)).trim());
  }
  async resetPeak() {
    if (!this.peakResettable) return;
    // A write to memory.peak resets the peak seen through that same descriptor.
    let handle: fs.FileHandle | null = null;
    try {
      handle = await fs.open(`${this.dir}/memory.peak`, "r+");
      await handle.write("reset\n", 0);
      await this.peakHandle?.close().catch(() => {});
      this.peakHandle = handle;
    } catch {
      await handle?.close().catch(() => {});
      this.peakResettable = false;
    }
  }
  async reclaim() {
    // Linux 5.19+; fails with EAGAIN when less than asked could be reclaimed, which is expected.
    await fs.writeFile(`${this.dir}/memory.reclaim`, String(await this.currentBytes()));
  }
  async oomKills() {
    return keyed(await readText(`${this.dir}/memory.events`)).get("oom_kill") ?? 0;
  }
  async pids() {
    return parsePids(await readText(`${this.dir}/cgroup.procs`));
  }
  async freeze(frozen: boolean) {
    await fs.writeFile(`${this.dir}/cgroup.freeze`, frozen ? "1" : "0");
    const until = Date.now() + 500;
    while (Date.now() < until) {
      if ((keyed(await readText(`${this.dir}/cgroup.events`)).get("frozen") ?? -1) === (frozen ? 1 : 0)) return;
      await sleep(2);
    }
  }
  async close() {
    await this.peakHandle?.close().catch(() => {});
    this.peakHandle = null;
  }
}

const parsePids = (text: string) =>
  text
    .split("\n")
    .filter((l) => /^\d+$/.test(l.trim()))
    .map(Number);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
