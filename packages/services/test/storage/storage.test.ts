import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { diskStorage, type ObjectStorage, storageEnvSchema, storageFromEnv } from "@codeclass/services";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startS3rver } from "./s3rver.ts";

let s3: Awaited<ReturnType<typeof startS3rver>>;
let dir: string;
beforeAll(async () => {
  s3 = await startS3rver();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-storage-"));
});
afterAll(async () => {
  await s3?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const backends: [string, () => ObjectStorage][] = [
  ["disk", () => storageFromEnv({}, dir)],
  ["s3", () => storageFromEnv(storageEnvSchema.parse(s3.env), dir)],
];

describe.each(backends)("%s storage", (kind, make) => {
  test("put, get back with its type and length, overwrite, delete (twice is fine), then nothing", async () => {
    const storage = make();
    expect(storage.kind).toBe(kind);
    const key = `avatars/u-${kind}/v1.webp`;
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, Buffer.from("first"), "image/webp");
    await storage.put(key, Buffer.from("second version"), "image/webp");
    const got = await storage.get(key);
    expect(got).toMatchObject({ contentType: "image/webp", size: 14 });
    expect(await text(got!.body)).toBe("second version");
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
  });

  test("keys that could leave the storage's root are refused", async () => {
    const storage = make();
    for (const key of ["../etc/passwd", "avatars/../../x", "/abs", "a//b", "a/./b", ""])
      await expect(storage.put(key, Buffer.from("x"), "text/plain"), key).rejects.toThrow(/invalid storage key/);
  });
});

test("disk storage writes under <data dir>/uploads", async () => {
  const storage = diskStorage(path.join(dir, "uploads"));
  await storage.put("avatars/someone/v2.webp", Buffer.from("x"), "image/webp");
  expect(await fs.readFile(path.join(dir, "uploads", "avatars", "someone", "v2.webp"), "utf8")).toBe("x");
});

test("a half-done S3 configuration is an error that names what to set", () => {
  expect(() => storageFromEnv({ S3_ENDPOINT: "http://127.0.0.1:9" }, dir)).toThrow(/S3_BUCKET is required with S3_ENDPOINT/);
  expect(() => storageFromEnv({ S3_BUCKET: "b-1" }, dir)).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY required/);
});
