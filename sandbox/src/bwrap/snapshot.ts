import fs, { constants as fsc, promises as fsp } from "node:fs";
import path from "node:path";

/** One entry of a kept work dir, parents before children. Sockets, FIFOs and devices are not kept. */
type Entry =
  | { kind: "dir"; path: string; mode: number }
  | { kind: "file"; path: string; mode: number; content: Buffer }
  | { kind: "link"; path: string; target: string };

/** A work dir as it was: its entries, and their total size. */
export interface DirSnapshot {
  entries: Entry[];
  bytes: number;
  /** The work dir's own permissions (its owner is the box user's: a program may change them). */
  mode: number;
}

/**
 * Reads the box's host-side work dir into memory (a build's sources and compiled files), never
 * following a link: a link is kept as a link. At most `maxBytes` of file content (the work dir's
 * own size limit), else it throws.
 */
export function snapshotDir(root: string, maxBytes: number): DirSnapshot {
  const entries: Entry[] = [];
  let bytes = 0;
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const full = path.join(root, p);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) entries.push({ kind: "link", path: p, target: fs.readlinkSync(full) });
      else if (st.isDirectory()) {
        entries.push({ kind: "dir", path: p, mode: st.mode & 0o7777 });
        walk(p);
      } else if (st.isFile()) {
        bytes += st.size;
        if (bytes > maxBytes) throw new Error(`the build's files are larger than the work dir's ${maxBytes} bytes`);
        const fd = fs.openSync(full, fsc.O_RDONLY | fsc.O_NOFOLLOW);
        try {
          entries.push({ kind: "file", path: p, mode: st.mode & 0o7777, content: fs.readFileSync(fd) });
        } finally {
          fs.closeSync(fd);
        }
      }
    }
  };
  walk("");
  return { entries, bytes, mode: fs.statSync(root).mode & 0o7777 };
}

/**
 * Empties the work dir (whatever a command left, whatever its permissions) and writes the snapshot
 * back, with `owner` (root server: the box user) owning what it writes, as `writeBoxFiles` does.
 * Removal is asynchronous (a program may leave thousands of files: the server's event loop is not
 * held meanwhile); what Node cannot remove (a tree deeper than a path may be long) goes to
 * `removeHard` (the host's rm, which walks by directory handles).
 */
export async function restoreDir(
  root: string,
  snapshot: DirSnapshot,
  owner: { uid: number; gid: number } | null,
  removeHard: (full: string) => Promise<void>,
): Promise<void> {
  for (const name of await fsp.readdir(root)) {
    const full = path.join(root, name);
    try {
      await fsp.rm(full, { recursive: true, force: true });
    } catch {
      // A directory its program made unreadable (as the same user) is opened up first; else the host's rm.
      await openUp(full).catch(() => {});
      await fsp.rm(full, { recursive: true, force: true }).catch(() => removeHard(full));
    }
  }
  for (const e of snapshot.entries) {
    const full = path.join(root, e.path);
    if (e.kind === "dir") {
      fs.mkdirSync(full, { mode: 0o700 });
      fs.chmodSync(full, e.mode);
      if (owner) fs.lchownSync(full, owner.uid, owner.gid);
    } else if (e.kind === "link") {
      fs.symlinkSync(e.target, full);
      if (owner) fs.lchownSync(full, owner.uid, owner.gid);
    } else {
      const fd = fs.openSync(full, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
      try {
        fs.writeFileSync(fd, e.content);
        fs.fchmodSync(fd, e.mode);
        if (owner) fs.fchownSync(fd, owner.uid, owner.gid);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  // The dir itself outlives the runs: what a program set on it (its permissions, its times) could
  // carry a few bytes to the next run. Both are put back. (Extended attributes cannot be set:
  // the seccomp filter refuses it, see seccomp-policy.ts.)
  fs.chmodSync(root, snapshot.mode);
  const now = new Date();
  fs.utimesSync(root, now, now);
}

async function openUp(full: string): Promise<void> {
  const st = await fsp.lstat(full);
  if (!st.isDirectory()) return;
  await fsp.chmod(full, 0o700);
  for (const name of await fsp.readdir(full)) await openUp(path.join(full, name));
}
