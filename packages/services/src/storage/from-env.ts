import path from "node:path";
import { z } from "zod";
import { diskStorage } from "./disk.ts";
import { s3Storage } from "./s3.ts";
import type { ObjectStorage } from "./types.ts";

/** Object storage settings: S3 when S3_BUCKET is set, else files under the data directory. */
export const storageEnvSchema = z.object({
  S3_ENDPOINT: z.url({ error: "S3_ENDPOINT must be a URL such as https://s3.eu-central-1.amazonaws.com" }).optional(),
  S3_BUCKET: z.string().min(3, { error: "S3_BUCKET must be a bucket name (3 characters or more)" }).optional(),
  S3_REGION: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(["1", "0", "true", "false", "yes", "no"], { error: "S3_FORCE_PATH_STYLE: use true or false" })
    .optional()
    .transform((v) => (v === undefined ? undefined : ["1", "true", "yes"].includes(v))),
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9_-]+\/)+$/, { error: "S3_PREFIX must be folder names ending with a slash, e.g. codeclass/" })
    .optional(),
});
export type StorageEnv = Partial<z.infer<typeof storageEnvSchema>>;

/**
 * The configured storage. With S3_BUCKET, the bucket (S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY
 * required; path-style addressing by default when S3_ENDPOINT names a self-hosted server);
 * without it, `<dataDir>/uploads`. A half-done S3 setting is an error, not a silent fallback to disk.
 */
export function storageFromEnv(env: StorageEnv, dataDir: string): ObjectStorage {
  const s3Set = Object.entries(env).filter(([k, v]) => k.startsWith("S3_") && v !== undefined);
  if (!env.S3_BUCKET) {
    if (s3Set.length > 0)
      throw new Error(
        `Invalid configuration:\n  S3_BUCKET is required with ${s3Set.map(([k]) => k).join(", ")} (or unset them to store uploads on disk)`,
      );
    return diskStorage(path.join(dataDir, "uploads"));
  }
  const missing = (["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`Invalid configuration:\n  ${missing.join(" and ")} required with S3_BUCKET`);
  const region = env.S3_REGION ?? "us-east-1";
  return s3Storage({
    endpoint: env.S3_ENDPOINT ?? `https://s3.${region}.amazonaws.com`,
    bucket: env.S3_BUCKET,
    region,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
    prefix: env.S3_PREFIX,
  });
}
