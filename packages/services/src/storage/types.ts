import type { Readable } from "node:stream";

/** A stored object as read back: its bytes as a stream, with the type and length it was stored with. */
export interface StoredObject {
  body: Readable;
  contentType: string;
  size: number;
}

/**
 * Where uploaded files (avatars) live: an S3-compatible bucket or a folder on disk. Keys are
 * slash-separated paths made by the platform (`avatars/<user id>/<version>.webp`), never by a user.
 */
export interface ObjectStorage {
  /** "s3" or "disk", for logs and the operator. */
  readonly kind: "s3" | "disk";
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none under this key. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored key (for backups), in no particular order. */
  list(): AsyncIterable<string>;
}

const keyPattern = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Refuses a key that could leave the storage's root (`..`, absolute paths, odd characters). */
export function assertKey(key: string): void {
  if (key.length > 512 || !keyPattern.test(key) || key.split("/").some((part) => part === "." || part === ".."))
    throw new Error(`invalid storage key: ${JSON.stringify(key.slice(0, 100))}`);
}
