import fs from "node:fs/promises";
import path from "node:path";
import { restoreDatabase } from "@codeclass/db";
import type { ObjectStorage } from "../storage/types.ts";
import { type BackupManifest, readManifest } from "./manifest.ts";

/**
 * Restores a backup folder into an empty database and the configured storage: the tables (then
 * this version's newer migrations) and every stored file.
 */
export async function restoreBackup(options: { url: string; storage: ObjectStorage; dir: string }): Promise<BackupManifest> {
  const manifest = await readManifest(options.dir);
  await restoreDatabase(options.url, path.join(options.dir, "db"), manifest.database);
  for (const file of manifest.files) {
    const body = await fs.readFile(path.join(options.dir, "files", ...file.key.split("/")));
    await options.storage.put(file.key, body, file.contentType);
  }
  return manifest;
}
