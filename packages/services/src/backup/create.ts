import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { dumpDatabase } from "@codeclass/db";
import type { ObjectStorage } from "../storage/types.ts";
import { type BackupManifest, backupFormat, manifestFile } from "./manifest.ts";

export interface CreateBackupOptions {
  /** The database to back up (the app role's URL is enough). */
  url: string;
  /** Uploaded files (avatars, stored imports) copied beside the tables. */
  storage: ObjectStorage;
  /** The folder that holds the backups; each backup is a folder `codeclass-<time>` inside it. */
  root: string;
  now?: Date;
}

/**
 * Writes one backup: the tables (a consistent snapshot) and every stored file. It is written
 * under a `.partial` name and renamed when complete, so a backup folder is always whole.
 */
export async function createBackup(options: CreateBackupOptions): Promise<{ dir: string; manifest: BackupManifest }> {
  const now = options.now ?? new Date();
  const name = `codeclass-${now
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d+Z$/, "Z")}`;
  const dir = path.join(options.root, name);
  const partial = `${dir}.partial`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    const database = await dumpDatabase(options.url, path.join(partial, "db"));
    const files: BackupManifest["files"] = [];
    for await (const key of options.storage.list()) {
      const object = await options.storage.get(key);
      if (!object) continue; // deleted while we listed
      const target = path.join(partial, "files", ...key.split("/"));
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await pipeline(object.body, createWriteStream(target, { mode: 0o600 }));
      files.push({ key, contentType: object.contentType, size: object.size });
    }
    const manifest: BackupManifest = { format: backupFormat, createdAt: now.toISOString(), database, files };
    await fs.writeFile(path.join(partial, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(partial, dir);
    return { dir, manifest };
  } catch (e) {
    await fs.rm(partial, { recursive: true, force: true });
    throw e;
  }
}
