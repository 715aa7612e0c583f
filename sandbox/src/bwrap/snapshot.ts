import fs, { constants as fsc } from "node:fs";
import path from "node:path";
import { errCode } from "./host.ts";

/** One entry of a kept work dir, parents before children. Sockets, FIFOs and devices are not kept. */
type Entry =
  | { kind: "dir"; path: string; mode: number }
  | { kind: "file"; path: string; mode: number; content: Buffer }
  | { kind: "link"; path: string; target: string };

/** A work dir as it was: its entries, and their total size. */
export interface DirSnapshot {
  entries: Entry[];
  bytes: number;
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
  return { entries, bytes };
}

/**
 * Empties the work dir (whatever a command left, whatever its permissions) and writes the snapshot
 * back, with `owner` (root server: the box user) owning what it writes, as `writeBoxFiles` does.
 */
export function restoreDir(root: string, snapshot: DirSnapshot, owner: { uid: number; gid: number } | null): void {
  for (const name of fs.readdirSync(root)) removeTree(path.join(root, name));
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
}

/** Removes a file or tree; a directory its program made unreadable (as the same user) is opened up first. */
function removeTree(full: string): void {
  try {
    fs.rmSync(full, { recursive: true, force: true });
  } catch (e) {
    if (errCode(e) !== "EACCES" && errCode(e) !== "EPERM") throw e;
    openUp(full);
    fs.rmSync(full, { recursive: true, force: true });
  }
}

function openUp(full: string): void {
  const st = fs.lstatSync(full);
  if (!st.isDirectory()) return;
  fs.chmodSync(full, 0o700);
  for (const name of fs.readdirSync(full)) openUp(path.join(full, name));
}
