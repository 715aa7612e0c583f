import fs, { promises as fsp } from "node:fs";
import path from "node:path";
import { errCode, readMountInfo, sleep } from "./host.ts";

/**
 * One control group per box, holding every process the box starts. cgroup v1 (one directory per
 * controller hierarchy: memory, pids, cpuacct, freezer) and cgroup v2 (one directory) are both
 * supported. The kernel enforces the limits on the whole group, so they hold for every process
 * and thread of the box together, including a uid-0 process (which ignores RLIMIT_NPROC).
 */
export interface BoxCgroups {
  readonly version: 1 | 2;
  /** The box's cgroup directories (removed by `remove`). */
  readonly dirs: string[];
  /** The cgroup.procs files a process writes its pid into to join the box (all of them, in order). */
  readonly procsFiles: string[];
  /** CPU of every process ever in the group (ns), peak memory (bytes) and the OOM-kill counter. */
  read(): Promise<{ cpuNs: number; peakBytes: number; oomKills: number }>;
  /** Restarts the peak-memory measurement from the current usage. */
  resetPeak(): Promise<void>;
  /** Sets the memory and process limits (the CPU share stays); for a box made ahead for other limits. */
  setLimits(limits: Pick<GroupLimits, "memoryBytes" | "pids">): Promise<void>;
  /**
   * Drops reclaimable memory (page cache a compiler left charged to the box), so that it does
   * not count as the next step's. Best effort.
   */
  reclaim(): Promise<void>;
  pids(): Promise<number[]>;
  /** SIGKILLs every process in the group until it is empty. */
  killAll(): Promise<void>;
  /** Kills what is left and removes the directories. Idempotent; "already gone" is not an error. */
  remove(): Promise<void>;
}

export interface CgroupHost {
  readonly version: 1 | 2;
  /** Parent directories the boxes' groups are made in (for diagnostics and tests). */
  readonly parents: string[];
  create(id: string, limits: GroupLimits): Promise<BoxCgroups>;
  /** Removes the shared parent groups if no box (of any server) uses them any more. */
  removeParents(): Promise<void>;
  /** Kills the processes of, and removes, the boxes' groups whose name `isStale` (left by a server that died). */
  removeStale(isStale: (name: string) => boolean): Promise<void>;
}

async function removeStaleGroups(parents: string[], isStale: (name: string) => boolean): Promise<void> {
  for (const parent of parents) {
    let names: string[];
    try {
      names = (await fsp.readdir(parent, { withFileTypes: true })).filter((d) => d.isDirectory() && isStale(d.name)).map((d) => d.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = path.join(parent, name);
      const pids = async () => parsePids(await fsp.readFile(path.join(dir, "cgroup.procs"), "utf8").catch(() => ""));
      await writeText(path.join(dir, "freezer.state"), "THAWED").catch(() => {});
      await writeText(path.join(dir, "cgroup.freeze"), "0").catch(() => {});
      for (const pid of await pids()) killPid(pid);
      await rmdirGroup(dir, pids).catch(() => {});
    }
  }
}

const groupName = "codeclass";

export interface GroupLimits {
  memoryBytes: number;
  pids: number;
  /** CPU bandwidth in CPUs (1 = one CPU's worth of time per period, like Docker's --cpus=1). */
  cpus: number;
}

const cfsPeriodUs = 100_000;

// cgroupfs files are the kernel's, not a disk's: reading, writing and mkdir there take
// microseconds, so they are done synchronously. Each promise-based call would cost the server's
// event loop several thread-pool round trips instead (tens of them per box, on every run). The
// calls that can take long stay asynchronous: reclaim, and rmdir (removing a v1 memory group
// drains its charges and was measured at up to 26 ms).
async function readText(file: string): Promise<string> {
  return fs.readFileSync(file, "utf8").trim();
}

async function writeText(file: string, value: string): Promise<void> {
  fs.writeFileSync(file, value, { flag: "w" });
}

/** mkdir of a box's group; its parent is (re)made first, in case another server just removed it. */
async function mkdirGroup(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      fs.mkdirSync(dir);
      return;
    } catch (e) {
      if (errCode(e) !== "ENOENT" || attempt >= 5) throw e;
    }
  }
}

async function rmdirQuiet(dir: string): Promise<void> {
  await fsp.rmdir(dir).catch(() => {});
}

async function exists(file: string): Promise<boolean> {
  try {
    fs.accessSync(file);
    return true;
  } catch {
    return false;
  }
}

function parsePids(text: string): number[] {
  return text
    .split("\n")
    .map((l) => Number.parseInt(l, 10))
    .filter((n) => Number.isInteger(n) && n > 0);
}

function keyedValue(text: string, key: string): number {
  const m = text.match(new RegExp(`^${key} (\\d+)$`, "m"));
  return m ? Number(m[1]) : 0;
}

function killPid(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {}
}

/** rmdir that waits out the short EBUSY window after the last process of a group exits. */
async function rmdirGroup(dir: string, pids: () => Promise<number[]>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rmdir(dir);
      return;
    } catch (e) {
      if (errCode(e) === "ENOENT") return;
      if (errCode(e) !== "EBUSY" || attempt >= 200) throw e;
      for (const pid of await pids().catch(() => [])) killPid(pid);
      await sleep(10);
    }
  }
}

/** The cgroup a controller of this process is in, per /proc/self/cgroup ("" for v2). */
async function ownCgroups(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const text = await fsp.readFile("/proc/self/cgroup", "utf8");
  for (const line of text.split("\n")) {
    const m = line.match(/^\d+:([^:]*):(.*)$/);
    if (!m) continue;
    const controllers = m[1] === "" ? [""] : m[1]!.split(",");
    for (const c of controllers) out.set(c, m[2]!);
  }
  return out;
}

const v1Controllers = ["memory", "pids", "cpuacct", "cpu", "freezer"] as const;
type V1Controller = (typeof v1Controllers)[number];

/**
 * Finds usable cgroups: v1 when the memory and pids controllers are mounted as v1 hierarchies,
 * else v2 with the memory and pids controllers. Returns the reason as a string when neither
 * can be written (not root, read-only cgroupfs, a container without delegation).
 */
export async function detectCgroups(): Promise<CgroupHost | string> {
  let mounts: Awaited<ReturnType<typeof readMountInfo>>;
  let own: Map<string, string>;
  try {
    mounts = await readMountInfo();
    own = await ownCgroups();
  } catch (e) {
    return `cannot read the cgroup setup: ${(e as Error).message}`;
  }
  const v1 = new Map<V1Controller, string>();
  for (const c of v1Controllers) {
    const m = mounts.find((x) => x.fsType === "cgroup" && x.superOptions.includes(c));
    if (!m) continue;
    // Nest under this process's own group (e.g. the server's systemd service), so the boxes also
    // count against whatever limits the server itself runs under.
    const ownPath = own.get(c) ?? "/";
    const rel = ownPath.startsWith(m.root) ? path.relative(m.root, ownPath) : "";
    v1.set(c, path.join(m.mountPoint, rel, groupName));
  }
  if (v1.has("memory") && v1.has("pids")) {
    try {
      for (const dir of v1.values()) await fsp.mkdir(dir, { recursive: true });
    } catch (e) {
      return `cgroup v1 is not writable here (${(e as Error).message})`;
    }
    return new V1Host(v1);
  }
  const unified = mounts.find((x) => x.fsType === "cgroup2" && x.root === "/");
  if (unified) {
    try {
      const v2 = new V2Host(unified.mountPoint);
      await v2.prepare();
      return v2;
    } catch (e) {
      return `cgroup v2 is not usable here (${(e as Error).message})`;
    }
  }
  return "no cgroup hierarchy with the memory and pids controllers is mounted";
}

class V1Host implements CgroupHost {
  readonly version = 1 as const;
  constructor(private readonly parentDirs: Map<V1Controller, string>) {}

  get parents() {
    return [...new Set(this.parentDirs.values())];
  }

  async removeParents() {
    for (const dir of this.parents) await rmdirQuiet(dir);
  }

  removeStale(isStale: (name: string) => boolean) {
    return removeStaleGroups(this.parents, isStale);
  }

  async create(id: string, limits: GroupLimits): Promise<BoxCgroups> {
    const dirs = new Map<V1Controller, string>();
    for (const [c, parent] of this.parentDirs) dirs.set(c, path.join(parent, id));
    const group = new V1Group(dirs);
    try {
      for (const dir of new Set(dirs.values())) await mkdirGroup(dir);
      await group.setLimits(limits);
      const cpu = dirs.get("cpu");
      if (cpu && (await exists(path.join(cpu, "cpu.cfs_quota_us")))) {
        await writeText(path.join(cpu, "cpu.cfs_period_us"), String(cfsPeriodUs));
        await writeText(path.join(cpu, "cpu.cfs_quota_us"), String(Math.round(limits.cpus * cfsPeriodUs)));
      }
      return group;
    } catch (e) {
      await group.remove().catch(() => {});
      throw e;
    }
  }
}

class V1Group implements BoxCgroups {
  readonly version = 1 as const;
  constructor(private readonly byController: Map<V1Controller, string>) {}

  get dirs() {
    return [...new Set(this.byController.values())];
  }

  get procsFiles() {
    return this.dirs.map((d) => path.join(d, "cgroup.procs"));
  }

  async read() {
    const mem = this.byController.get("memory")!;
    const cpu = this.byController.get("cpuacct");
    const [cpuNs, peakBytes, oom] = await Promise.all([
      cpu ? readText(path.join(cpu, "cpuacct.usage")).then(Number) : Promise.resolve(0),
      readText(path.join(mem, "memory.max_usage_in_bytes")).then(Number),
      readText(path.join(mem, "memory.oom_control")),
    ]);
    return { cpuNs, peakBytes, oomKills: keyedValue(oom, "oom_kill") };
  }

  async setLimits(limits: Pick<GroupLimits, "memoryBytes" | "pids">) {
    const mem = this.byController.get("memory")!;
    const limit = path.join(mem, "memory.limit_in_bytes");
    const memsw = path.join(mem, "memory.memsw.limit_in_bytes");
    // With swap accounting, memory+swap gets the same limit: the box cannot swap its way past it.
    // It may never be below the memory limit, so it is raised first and lowered last.
    if (await exists(memsw)) {
      const raising = limits.memoryBytes > Number(await readText(limit));
      if (raising) await writeText(memsw, String(limits.memoryBytes));
      await writeText(limit, String(limits.memoryBytes));
      if (!raising) await writeText(memsw, String(limits.memoryBytes));
    } else {
      await writeText(limit, String(limits.memoryBytes));
      await writeText(path.join(mem, "memory.swappiness"), "0").catch(() => {});
    }
    await writeText(path.join(this.byController.get("pids")!, "pids.max"), String(limits.pids));
  }

  async reclaim() {
    // With tasks still in the group, this reclaims what it can (page cache) in a few ms.
    await fsp.writeFile(path.join(this.byController.get("memory")!, "memory.force_empty"), "0");
  }

  async resetPeak() {
    const mem = this.byController.get("memory")!;
    await writeText(path.join(mem, "memory.max_usage_in_bytes"), "0");
    await writeText(path.join(mem, "memory.memsw.max_usage_in_bytes"), "0").catch(() => {});
  }

  async pids() {
    const all = new Set<number>();
    for (const c of ["memory", "pids"] as const) {
      const dir = this.byController.get(c);
      if (!dir) continue;
      try {
        for (const p of parsePids(fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8"))) all.add(p);
      } catch (e) {
        if (errCode(e) !== "ENOENT") throw e;
      }
    }
    return [...all];
  }

  async killAll() {
    const freezer = this.byController.get("freezer");
    for (let round = 0; ; round++) {
      const pids = await this.pids();
      if (pids.length === 0) return;
      if (round > 500) throw new Error(`cannot empty the box's cgroup: ${pids.length} processes left`);
      // Frozen, the group can neither fork nor exit, so the pid list is exact and no pid is reused.
      const frozen = freezer ? await this.freeze(freezer) : false;
      for (const pid of frozen ? parsePids(fs.readFileSync(path.join(freezer!, "cgroup.procs"), "utf8")) : pids) killPid(pid);
      if (frozen) await writeText(path.join(freezer!, "freezer.state"), "THAWED").catch(() => {});
      await sleep(round < 10 ? 2 : 10);
    }
  }

  private async freeze(dir: string): Promise<boolean> {
    try {
      await writeText(path.join(dir, "freezer.state"), "FROZEN");
      for (let i = 0; i < 100; i++) {
        if ((await readText(path.join(dir, "freezer.state"))) === "FROZEN") return true;
        await sleep(1);
      }
    } catch {}
    await writeText(path.join(dir, "freezer.state"), "THAWED").catch(() => {});
    return false;
  }

  async remove() {
    await this.killAll().catch(() => {});
    const freezer = this.byController.get("freezer");
    if (freezer) await writeText(path.join(freezer, "freezer.state"), "THAWED").catch(() => {});
    for (const dir of this.dirs) await rmdirGroup(dir, () => this.pids());
  }
}

class V2Host implements CgroupHost {
  readonly version = 2 as const;
  private readonly parent: string;

  constructor(private readonly root: string) {
    // A v2 group with processes cannot have controllers for its children ("no internal
    // processes"), so the boxes' parent hangs off the hierarchy root, which is exempt.
    this.parent = path.join(root, groupName);
  }

  get parents() {
    return [this.parent];
  }

  /** Makes the parent group with the memory and pids controllers enabled for its children. Idempotent. */
  async prepare() {
    const available = (await readText(path.join(this.root, "cgroup.controllers"))).split(" ");
    if (!available.includes("memory") || !available.includes("pids")) throw new Error("no memory and pids controllers");
    const enable = async (dir: string) => {
      const enabled = (await readText(path.join(dir, "cgroup.subtree_control"))).split(" ");
      const missing = ["memory", "pids", "cpu"].filter((c) => !enabled.includes(c) && available.includes(c));
      if (missing.length) await writeText(path.join(dir, "cgroup.subtree_control"), missing.map((c) => `+${c}`).join(" "));
    };
    await enable(this.root);
    await fsp.mkdir(this.parent, { recursive: true });
    await enable(this.parent);
  }

  async removeParents() {
    await rmdirQuiet(this.parent);
  }

  removeStale(isStale: (name: string) => boolean) {
    return removeStaleGroups(this.parents, isStale);
  }

  async create(id: string, limits: GroupLimits): Promise<BoxCgroups> {
    const dir = path.join(this.parent, id);
    await this.prepare();
    await mkdirGroup(dir);
    const group = new V2Group(dir);
    try {
      await group.setLimits(limits);
      if (await exists(path.join(dir, "cpu.max")))
        await writeText(path.join(dir, "cpu.max"), `${Math.round(limits.cpus * cfsPeriodUs)} ${cfsPeriodUs}`);
      await group.openPeak();
      return group;
    } catch (e) {
      await group.remove().catch(() => {});
      throw e;
    }
  }
}

class V2Group implements BoxCgroups {
  readonly version = 2 as const;
  /**
   * memory.peak is reset per open file (Linux 6.12+): writing to a handle restarts the peak as
   * read through that same handle. On older kernels the write fails and the peak is since creation.
   */
  private peak: fsp.FileHandle | null = null;
  private resettable = false;

  constructor(private readonly dir: string) {}

  get dirs() {
    return [this.dir];
  }

  get procsFiles() {
    return [path.join(this.dir, "cgroup.procs")];
  }

  async openPeak() {
    try {
      this.peak = await fsp.open(path.join(this.dir, "memory.peak"), "r+");
      this.resettable = true;
    } catch {
      this.peak = await fsp.open(path.join(this.dir, "memory.peak"), "r").catch(() => null);
    }
  }

  private async readPeak(): Promise<number> {
    if (this.peak) {
      const buf = Buffer.alloc(64);
      const { bytesRead } = await this.peak.read(buf, 0, buf.length, 0);
      return Number(buf.subarray(0, bytesRead).toString().trim()) || 0;
    }
    return Number(await readText(path.join(this.dir, "memory.current")).catch(() => "0")) || 0;
  }

  async read() {
    const [cpu, peakBytes, events] = await Promise.all([
      readText(path.join(this.dir, "cpu.stat")),
      this.readPeak(),
      readText(path.join(this.dir, "memory.events")),
    ]);
    return { cpuNs: keyedValue(cpu, "usage_usec") * 1000, peakBytes, oomKills: keyedValue(events, "oom_kill") };
  }

  async setLimits(limits: Pick<GroupLimits, "memoryBytes" | "pids">) {
    await writeText(path.join(this.dir, "memory.max"), String(limits.memoryBytes));
    if (await exists(path.join(this.dir, "memory.swap.max"))) await writeText(path.join(this.dir, "memory.swap.max"), "0");
    await writeText(path.join(this.dir, "pids.max"), String(limits.pids));
  }

  async reclaim() {
    // Linux 5.19+; EAGAIN when less than asked could be reclaimed, which is expected.
    const current = await readText(path.join(this.dir, "memory.current"));
    await fsp.writeFile(path.join(this.dir, "memory.reclaim"), current);
  }

  async resetPeak() {
    if (this.peak && this.resettable) {
      try {
        await this.peak.write("reset\n", 0);
      } catch {
        this.resettable = false;
      }
    }
  }

  async pids() {
    try {
      return parsePids(fs.readFileSync(path.join(this.dir, "cgroup.procs"), "utf8"));
    } catch (e) {
      if (errCode(e) === "ENOENT") return [];
      throw e;
    }
  }

  async killAll() {
    const killFile = path.join(this.dir, "cgroup.kill");
    const hasKill = await exists(killFile);
    for (let round = 0; ; round++) {
      const pids = await this.pids();
      if (pids.length === 0) return;
      if (round > 500) throw new Error(`cannot empty the box's cgroup: ${pids.length} processes left`);
      if (hasKill) await writeText(killFile, "1").catch(() => {});
      else for (const pid of pids) killPid(pid);
      await sleep(round < 10 ? 2 : 10);
    }
  }

  async remove() {
    await this.killAll().catch(() => {});
    await this.peak?.close().catch(() => {});
    this.peak = null;
    await rmdirGroup(this.dir, () => this.pids());
  }
}
