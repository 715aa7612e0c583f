import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { assertKey, type ObjectStorage } from "./types.ts";

/**
 * Objects as files under `root`; the content type sits beside each one in `<file>.type`. A put
 * writes a temporary file and renames it, so a reader never sees half an object.
 */
export function diskStorage(root: string): ObjectStorage {
  const fileOf = (key: string) => {
    assertKey(key);
    return path.join(root, ...key.split("/"));
  };
  return {
    kind: "disk",
    async put(key, body, contentType) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(temp, body, { mode: 0o600 });
      await fs.writeFile(`${file}.type`, contentType, { mode: 0o600 });
      await fs.rename(temp, file);
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const [stat, contentType] = await Promise.all([fs.stat(file), fs.readFile(`${file}.type`, "utf8")]);
        return { body: createReadStream(file), contentType, size: stat.size };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
    async delete(key) {
      const file = fileOf(key);
      await Promise.all([fs.rm(file, { force: true }), fs.rm(`${file}.type`, { force: true })]);
    },
    async *list() {
      let entries: string[];
      try {
        entries = await fs.readdir(root, { recursive: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
        throw e;
      }
      const present = new Set(entries);
      for (const entry of entries) {
        const key = entry.split(path.sep).join("/");
        // An object is a file with its `.type` beside it; temporary files and folders are not.
        if (key.endsWith(".type") || key.endsWith(".tmp") || !present.has(`${entry}.type`)) continue;
        yield key;
      }
    },
  };
}
