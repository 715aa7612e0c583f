import { pack } from "tar-stream";
import type { SourceFile } from "../types.ts";

/**
 * A tar archive of `files` for `tar -x -C /box`: every parent directory gets its own entry
 * before its files, so extraction replaces anything that is not a real directory (such as a
 * symlink a previous step left) instead of following it.
 */
export async function tarOf(files: SourceFile[]): Promise<Buffer> {
  const archive = pack();
  const dirs = new Set<string>();
  const entries: { name: string; content?: Buffer }[] = [];
  for (const f of files) {
    const parts = f.path.split("/");
    if (f.path.startsWith("/") || parts.some((p) => p === "" || p === "." || p === ".."))
      throw new Error(`refusing to write "${f.path}": not a plain relative path`);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ name: `${dir}/` });
      }
    }
    entries.push({ name: f.path, content: Buffer.from(f.content, "utf8") });
  }
  const mtime = new Date();
  for (const e of entries) {
    if (e.content) archive.entry({ name: e.name, type: "file", mode: 0o644, mtime, size: e.content.length }, e.content);
    else archive.entry({ name: e.name, type: "directory", mode: 0o755, mtime });
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
