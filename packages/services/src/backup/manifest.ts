import fs from "node:fs/promises";
import path from "node:path";
import type { DatabaseDump } from "@codeclass/db";
import { z } from "zod";

export const backupFormat = "codeclass-backup/1";
export const manifestFile = "manifest.json";

const manifestSchema = z.object({
  format: z.literal(backupFormat),
  createdAt: z.iso.datetime(),
  database: z.object({
    migrations: z.array(z.object({ hash: z.string(), createdAt: z.number() })),
    tables: z.array(
      z.object({
        name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
        columns: z.array(z.string()),
        rows: z.number().int().min(0),
        file: z.string().regex(/^[a-z0-9_]+\.copy\.gz$/),
      }),
    ),
  }),
  files: z.array(z.object({ key: z.string(), contentType: z.string(), size: z.number().int().min(0) })),
});

/** What a backup folder holds: the tables (with the migrations they were read at) and the stored files. */
export interface BackupManifest {
  format: typeof backupFormat;
  createdAt: string;
  database: DatabaseDump;
  files: { key: string; contentType: string; size: number }[];
}

export class BackupError extends Error {}

/** Reads and checks a backup folder's manifest; a folder that is not a whole backup is refused with why. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, manifestFile), "utf8");
  } catch {
    throw new BackupError(`${dir} is not a Codeclass backup (no ${manifestFile}; an unfinished backup ends in .partial)`);
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new BackupError(`${dir}/${manifestFile} is not a ${backupFormat} manifest: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
