export { diskStorage } from "./disk.ts";
export { type StorageEnv, storageEnvSchema, storageFromEnv } from "./from-env.ts";
export { type S3StorageOptions, s3Storage } from "./s3.ts";
export type { ObjectStorage, StoredObject } from "./types.ts";
