import fs, { constants as fsc } from "node:fs";
import path from "node:path";
import type { SourceFile } from "../types.ts";
import { errCode } from "./host.ts";

/**
 * Writes files into the box's host-side work dir without ever following a link: each parent
 * directory is created with mkdir or checked with lstat (a symlink is refused), and each file is
 * created with O_CREAT|O_EXCL|O_NOFOLLOW, so an existing file or link at that path is an error.
 * `owner` (when the server runs as root) makes the files the box user's, so programs may change them.
 * Synchronous: the work dir is a fresh tmpfs (memory, not disk) and the sources are bounded by the
 * source-size limit, so this takes microseconds where the promise calls (five per file) would add
 * thread-pool round trips to the start of every run.
 */
export async function writeBoxFiles(root: string, files: SourceFile[], owner: { uid: number; gid: number } | null): Promise<void> {
  for (const file of files) {
    const parts = file.path.split("/");
    if (path.isAbsolute(file.path) || parts.some((p) => p === "" || p === "." || p === "..")) {
      throw new Error(`refusing to write "${file.path}": not a plain relative path`);
    }
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      dir = path.join(dir, part);
      ensureDir(dir, owner);
    }
    const target = path.join(dir, parts[parts.length - 1]!);
    const fd = fs.openSync(target, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o644);
    try {
      fs.writeFileSync(fd, file.content, "utf8");
      if (owner) fs.fchownSync(fd, owner.uid, owner.gid);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function ensureDir(dir: string, owner: { uid: number; gid: number } | null): void {
  try {
    fs.mkdirSync(dir, 0o755);
    if (owner) fs.lchownSync(dir, owner.uid, owner.gid);
  } catch (e) {
    if (errCode(e) !== "EEXIST") throw e;
  }
  const st = fs.lstatSync(dir);
  if (!st.isDirectory())
    throw new Error(`refusing to write under "${dir}": it is ${st.isSymbolicLink() ? "a symbolic link" : "not a directory"}`);
}
