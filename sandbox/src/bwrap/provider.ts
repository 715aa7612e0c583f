import { randomBytes } from "node:crypto";
import { chmodSync, promises as fs, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Box, BoxProvider } from "../box.ts";
import { sandboxEnv } from "../env.ts";
import { defaultLimits, type Limits, maxLimits } from "../limits.ts";
import { refillAfterTake } from "../pool.ts";
import { BwrapBox, type BwrapBoxParts, type BwrapHost, unmount } from "./box.ts";
import { type CgroupHost, detectCgroups } from "./cgroup.ts";
import { boxGid, boxUid, rootfsArgs } from "./command.ts";
import { findExecutable, runHost } from "./host.ts";
import { createLauncher, type Launcher } from "./launcher.ts";
import { seccompFilter } from "./seccomp.ts";

export { BwrapBox } from "./box.ts";

export const defaultRootfs = "/var/lib/codeclass/sandbox-rootfs";
/** Parent of the boxes' work dirs when we are root (a tmpfs per box is mounted below it). */
export const runDir = "/run/codeclass-sandbox";

/** Files and directories a box's work dir may hold (its tmpfs's nr_inodes): far more than any build and its runs make. */
export const workDirInodes = 16_384;

export interface BwrapProviderOptions {
  /** The sandbox image's root directory (same toolchains as the Docker image). Default: $SANDBOX_ROOTFS, else /var/lib/codeclass/sandbox-rootfs. */
  rootfs?: string;
  /** bwrap binary. Default: `bwrap` on PATH. */
  bwrapPath?: string;
  /** For tests: "rlimits" ignores the cgroups, as on a host where they are not writable. Default "auto". */
  limitsMode?: "auto" | "rlimits";
  /**
   * Boxes kept ready for the default work-dir size, each with its first sandbox already set up
   * (default 2; 0 disables the pool). Filled once the provider is checked or first used.
   */
  poolSize?: number;
}

/** Processes bwrap itself keeps in the box's cgroup per running command (its monitor and the namespace's init). */
const bwrapProcesses = 2;

/** The cgroup limits of a box: the program's processes plus bwrap's own. */
const groupLimits = (limits: Limits) => ({ memoryBytes: limits.memoryKb * 1024, pids: limits.processes + bwrapProcesses });

/**
 * The bubblewrap driver's boxes. Each command gets its own sandbox over the box's work dir and
 * cgroup. A small pool keeps boxes for the default work-dir size whose first sandbox is already
 * set up and waits for its command, so a run does not wait for the mount, the cgroups and bwrap.
 *
 * As root (the supported setup):
 *   - the work dir is a tmpfs of fileSizeKb (mode 0700, owned by uid 65534) under
 *     /run/codeclass-sandbox/<id>, unmounted on destroy;
 *   - the box's cgroups (v1: memory with memory+swap, pids, cpuacct, cpu, freezer; or v2) hold
 *     every process of every command from its first instruction: memory, processes (root would
 *     ignore RLIMIT_NPROC, but the box's processes are not root anyway) and one CPU of bandwidth;
 *   - bwrap runs as host uid 65534 (setpriv) in new user, pid, net, ipc, uts and cgroup
 *     namespaces, with the image's /usr, /etc, /opt read-only and nothing of the host's.
 * Not root, or without writable cgroups, the guarantees are weaker (see `open` and BwrapBox.exec).
 */
export function bwrapProvider(options: BwrapProviderOptions = {}): BoxProvider {
  const rootfs = path.resolve(options.rootfs ?? sandboxEnv().SANDBOX_ROOTFS ?? defaultRootfs);
  const isRoot = process.getuid?.() === 0;
  const poolSize = Math.max(0, Math.floor(options.poolSize ?? 2));
  const boxes = new Set<BwrapBox>();
  let hostPromise: Promise<BwrapHost | string> | null = null;
  /** The image's read-only view under runDir (see mountImage), unmounted on close. */
  let imageDir: string | null = null;
  let cgroupsPromise: Promise<CgroupHost | string> | null = null;

  /** Finds the tools and features once; a string is the reason the driver cannot run. */
  const findHost = async (): Promise<BwrapHost | string> => {
    const bwrap = await findExecutable(options.bwrapPath ?? "bwrap");
    if (!bwrap) return "bubblewrap is not installed: apt-get install bubblewrap";
    const help = await runHost(bwrap, ["--help"]).catch((e: Error) => ({ code: null, stdout: "", stderr: e.message }));
    if (!help.stdout.includes("--unshare-all")) return `bubblewrap at ${bwrap} does not run: ${help.stderr.trim() || "no usage output"}`;
    try {
      const st = await fs.stat(path.join(rootfs, "usr/bin/prlimit"));
      if (!st.isFile()) throw new Error("not a file");
    } catch {
      return `the sandbox root filesystem ${rootfs} is missing: run pnpm sandbox:image`;
    }
    const bash = await findExecutable("bash");
    if (!bash) return "bash is not installed: apt-get install bash";
    const setpriv = isRoot ? await findExecutable("setpriv") : null;
    if (isRoot && !setpriv) return "setpriv is not installed (needed to run boxes as an unprivileged user): apt-get install util-linux";
    const mount = isRoot ? await findExecutable("mount") : null;
    const umount = isRoot ? await findExecutable("umount") : null;
    if (isRoot && !(mount && umount)) return "mount is not installed: apt-get install mount";
    const launcher = createLauncher();
    const image = isRoot ? await mountImage(launcher, bash, rootfs).catch(() => null) : null;
    imageDir = image;
    return {
      bwrap,
      bash,
      setpriv,
      mount,
      umount,
      launcher,
      seccomp: seccompFilter(),
      rootfsArgs: await rootfsArgs(image ?? rootfs),
      initShell: path.join(rootfs, "usr/bin/dash"),
      sizedTmpfs: help.stdout.includes("--size"),
      disableUserns: help.stdout.includes("--disable-userns"),
    };
  };
  const host = async (): Promise<BwrapHost> => {
    hostPromise ??= findHost();
    const h = await hostPromise;
    if (typeof h === "string") {
      hostPromise = null;
      throw new Error(h);
    }
    return h;
  };
  /**
   * Once per provider: removes what boxes of a server that died left behind (its tmpfs mounts,
   * dirs and cgroups; its processes died with it through --die-with-parent). A box's id starts
   * with its server's pid, so only boxes of processes that no longer exist are touched.
   */
  let swept: Promise<void> | null = null;
  const sweep = async (h: BwrapHost) => {
    const isStale = (name: string) => {
      const pid = Number(/^(\d+)-/.exec(name)?.[1]);
      if (!pid || pid === process.pid) return false;
      try {
        process.kill(pid, 0);
        return false;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === "ESRCH";
      }
    };
    const cg = await cgroups();
    await cg?.removeStale(isStale).catch(() => {});
    if (!isRoot) return;
    for (const name of await fs.readdir(runDir).catch(() => [] as string[])) {
      if (!isStale(name)) continue;
      const dir = path.join(runDir, name);
      await unmount(h, dir).catch(() => {});
      await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  };
  const cgroups = async (): Promise<CgroupHost | null> => {
    if (options.limitsMode === "rlimits") return null;
    cgroupsPromise ??= detectCgroups();
    const c = await cgroupsPromise;
    // Without writable cgroups (not root, a container without delegation) boxes fall back to rlimits.
    return typeof c === "string" ? null : c;
  };

  /** A new box: its work dir, its cgroups. */
  const makeBox = async (limits: Limits): Promise<BwrapBox> => {
    const h = await host();
    swept ??= sweep(h);
    await swept;
    const id = `${process.pid}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
    let workDir: string;
    let workDirIsMount = false;
    const undo: (() => Promise<unknown>)[] = [];
    try {
      if (isRoot) {
        // A tmpfs per box: its size is the work dir's limit and it vanishes with the box.
        // 0711: the box user may traverse to its own dir but not list the others.
        // /run is a tmpfs: synchronous, like the cgroup calls (see cgroup.ts).
        mkdirSync(runDir, { recursive: true, mode: 0o711 });
        chmodSync(runDir, 0o711);
        workDir = path.join(runDir, id);
        mkdirSync(workDir, { mode: 0o700 });
        undo.push(() => fs.rmdir(workDir));
        // nr_inodes: a program that makes files without end meets a limit (and each run's restore has a bounded tree to remove).
        const opts = `size=${limits.fileSizeKb}k,nr_inodes=${workDirInodes},mode=0700,uid=${boxUid},gid=${boxGid},nosuid,nodev`;
        const out = await h.launcher.run(h.mount!, ["-t", "tmpfs", "-o", opts, "codeclass-box", workDir]);
        if (out.code !== 0) throw new Error(`cannot mount the box's tmpfs: ${out.stderr.trim()}`);
        workDirIsMount = true;
        undo.push(() => unmount(h, workDir));
      } else {
        // Not root: no mount, so a plain temp dir. Its size is bounded only per file, by
        // RLIMIT_FSIZE (many files can still fill the host's temp dir), and it is not a tmpfs.
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-box-"));
        workDir = dir;
        undo.push(() => fs.rm(dir, { recursive: true, force: true }));
      }
      const cg = await cgroups();
      const boxCgroups = cg ? await cg.create(id, { ...groupLimits(limits), cpus: 1 }) : null;
      if (boxCgroups) undo.push(() => boxCgroups.remove());
      const parts: BwrapBoxParts = { id, limits, workDir, workDirIsMount, cgroups: boxCgroups };
      if (isRoot) parts.makeInputDir = () => makeInputDir(h, `${workDir}.in`);
      // A kept-warm box's second group has the box's limits of the moment (a pooled box's change on open).
      if (cg) parts.makeSpareCgroups = () => cg.create(`${id}-b`, { ...groupLimits(parts.limits), cpus: 1 });
      const box = new BwrapBox(h, parts, () => boxes.delete(box));
      await box.init();
      boxes.add(box);
      return box;
    } catch (e) {
      for (const f of undo.reverse()) await f().catch(() => {});
      throw e;
    }
  };

  /**
   * A box's input dir (see BwrapBoxParts.makeInputDir): a tmpfs of its own, the server's, sized for
   * one input. Of its own: a file system shared by boxes would show, in its free space and inode
   * numbers, the inputs other boxes are given. Named like the box, so a dead server's is swept; it
   * shows in the box's /proc/self/mountinfo as "/" only.
   */
  const makeInputDir = async (h: BwrapHost, dir: string): Promise<string> => {
    mkdirSync(dir, { mode: 0o755 });
    const opts = `size=${Math.ceil(maxLimits.stdinBytes / 1024) + 64}k,nr_inodes=16,mode=0755,nosuid,nodev,noexec`;
    const mounted = await h.launcher.run(h.mount!, ["-t", "tmpfs", "-o", opts, "codeclass-input", dir]);
    if (mounted.code !== 0) {
      await fs.rmdir(dir).catch(() => {});
      throw new Error(`cannot mount the box's input dir: ${mounted.stderr.trim()}`);
    }
    return dir;
  };

  /**
   * Boxes for the default limits whose first sandbox is already set up, waiting for its command:
   * a run then skips the mount, the cgroups and bwrap's namespace setup. Each serves one run.
   */
  const pool: BwrapBox[] = [];
  let filling = 0;
  let closed = false;
  const refill = () => {
    while (!closed && pool.length + filling < poolSize) {
      filling++;
      void (async () => {
        const box = await makeBox(defaultLimits);
        try {
          await box.prestart();
        } catch (e) {
          await box.destroy().catch(() => {});
          throw e;
        }
        if (closed) await box.destroy();
        else pool.push(box);
      })()
        // The host cannot make sandboxes now: open() says why, and tries the pool again.
        .catch(() => {})
        .finally(() => filling--);
    }
  };

  const refillSoon = refillAfterTake(refill, () => ({ ready: pool.length + filling, size: poolSize }));

  return {
    name: "bwrap",

    async unavailableReason() {
      let h: BwrapHost;
      try {
        h = await host();
      } catch (e) {
        return (e as Error).message;
      }
      // A real sandbox, as a box would make it: user namespaces may be disabled here.
      const out = await runHost(h.setpriv ?? h.bwrap, [
        ...(h.setpriv ? [`--reuid=${boxUid}`, `--regid=${boxGid}`, "--clear-groups", h.bwrap] : []),
        "--unshare-all",
        "--unshare-user",
        "--uid",
        String(boxUid),
        "--gid",
        String(boxGid),
        ...h.rootfsArgs,
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--clearenv",
        "--",
        "/usr/bin/prlimit",
        "--nofile=256",
        "/bin/true",
      ]).catch((e: Error) => ({ code: null, stderr: e.message }));
      if (out.code !== 0) {
        return `bubblewrap cannot make a sandbox here (${out.stderr.trim() || `exit ${out.code}`}): user namespaces must be allowed (sysctl user.max_user_namespaces)`;
      }
      refill();
      return null;
    },

    async open(limits: Limits): Promise<Box> {
      if (closed) throw new Error("the bwrap sandbox provider is closed");
      const index = pool.findIndex((b) => b.parts.limits.fileSizeKb === limits.fileSizeKb);
      if (index >= 0) {
        const box = pool.splice(index, 1)[0]!;
        try {
          // Memory and process limits are the cgroup's and can change; the work dir's size cannot.
          const { memoryKb, processes } = box.parts.limits;
          if (memoryKb !== limits.memoryKb || processes !== limits.processes) await box.parts.cgroups?.setLimits(groupLimits(limits));
          box.parts.limits = limits;
          // The next one is made outside the server's process (the launcher, bwrap, mount) but its
          // cgroup and file-system calls; a moment later unless the pool runs low (see pool.ts).
          refillSoon();
          return box;
        } catch {
          void box.destroy().catch(() => {});
        }
      }
      refill();
      return makeBox(limits);
    },

    async close() {
      closed = true;
      while (filling > 0) await new Promise((r) => setTimeout(r, 5));
      pool.length = 0;
      await Promise.allSettled([...boxes].map((b) => b.destroy()));
      // The shared "codeclass" parent groups go too when no box of any server is left in them
      // (rmdir fails on a group with children), so nothing is left in the host's hierarchy.
      const cg = cgroupsPromise ? await cgroupsPromise : null;
      if (cg && typeof cg !== "string") await cg.removeParents();
      const h = hostPromise ? await hostPromise : null;
      if (h && typeof h !== "string") {
        if (imageDir) {
          await unmount(h, imageDir).catch(() => {});
          await fs.rmdir(imageDir).catch(() => {});
        }
        h.launcher.close();
      }
    },
  };
}

/**
 * As root: the image's root directory as a read-only overlay of its own under runDir (named like
 * a box, so a dead server's is swept), which the boxes bind from. A bind of the directory itself
 * would show its host path in every box's /proc/self/mountinfo; the overlay's dirs show as "/usr"
 * and its layers as /proc/self/fd/N (opened by the shell that runs mount). Null where overlayfs
 * cannot be mounted: the boxes then bind the directory.
 */
async function mountImage(launcher: Launcher, bash: string, rootfs: string): Promise<string> {
  mkdirSync(runDir, { recursive: true, mode: 0o711 });
  // overlayfs needs two layers when none is writable: the image and an empty dir.
  const empty = path.join(runDir, "empty");
  mkdirSync(empty, { recursive: true, mode: 0o755 });
  const dir = path.join(runDir, `${process.pid}-image-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { mode: 0o755 });
  const out = await launcher.run(bash, [
    "-c",
    'exec 3< "$1" 4< "$2" && exec mount -t overlay -o ro,nosuid,nodev,lowerdir=/proc/self/fd/3:/proc/self/fd/4 sandbox "$3"',
    "mount-image",
    rootfs,
    empty,
    dir,
  ]);
  if (out.code !== 0) {
    await fs.rmdir(dir).catch(() => {});
    throw new Error(`cannot mount the image: ${out.stderr.trim()}`);
  }
  return dir;
}
