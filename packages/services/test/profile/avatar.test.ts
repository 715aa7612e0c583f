import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import * as services from "@codeclass/services";
import { makeUser, useTestDatabase } from "@codeclass/test-utils";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { actor, serviceError } from "../helpers.ts";

const t = useTestDatabase();
let dir: string;
let storage: services.ObjectStorage;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-avatar-svc-"));
  storage = services.diskStorage(dir);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const canvas = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: "#2a6" } });

async function storedAvatar(userId: string) {
  const [row] = await t.sql`select image from "user" where id = ${userId}`;
  const version = services.profile.avatarVersion(userId, row!.image);
  const object = version ? await storage.get(services.profile.avatarKey(userId, version)) : null;
  return object ? sharp(await buffer(object.body)).metadata() : null;
}

describe("profile.setAvatar formats", () => {
  test.each([
    ["WebP", () => canvas(400, 300).webp().toBuffer()],
    ["GIF", () => canvas(120, 120).gif().toBuffer()],
    ["AVIF", () => canvas(300, 200).avif().toBuffer()],
  ])("%s is accepted and stored as a 256×256 WebP", async (_name, make) => {
    const ada = await makeUser(t.db);
    const { image } = await services.profile.setAvatar(t.db, storage, actor(ada), await make());
    expect(image).toMatch(/^\/api\/avatar\/.+\?v=[a-z0-9]+$/);
    expect(await storedAvatar(ada.id)).toMatchObject({ format: "webp", width: 256, height: 256 });
  });

  test("a photo taken sideways (EXIF orientation 6) is turned upright before it is cropped", async () => {
    const ada = await makeUser(t.db);
    // Stored 400×200 with "rotate 90°": upright it is 200×400, red above and blue below.
    const sideways = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#00f" } })
      .composite([
        {
          input: await sharp({ create: { width: 200, height: 200, channels: 3, background: "#f00" } })
            .png()
            .toBuffer(),
          left: 0,
          top: 0,
        },
      ])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await services.profile.setAvatar(t.db, storage, actor(ada), sideways);
    const [row] = await t.sql`select image from "user" where id = ${ada.id}`;
    const object = await storage.get(services.profile.avatarKey(ada.id, services.profile.avatarVersion(ada.id, row!.image)!));
    const { data } = await sharp(await buffer(object!.body))
      .raw()
      .toBuffer({ resolveWithObject: true });
    // The square cut from the upright picture spans both halves: red on top, blue at the bottom.
    const pixel = (x: number, y: number) => [...data.subarray((y * 256 + x) * 3, (y * 256 + x) * 3 + 3)];
    expect(pixel(128, 2)[0]).toBeGreaterThan(200);
    expect(pixel(128, 253)[2]).toBeGreaterThan(200);
  });

  test("a TIFF (a raster format, but not one a browser shows) is refused, and the avatar stays as it was", async () => {
    const ada = await makeUser(t.db);
    const error = await serviceError(
      services.profile.setAvatar(t.db, storage, actor(ada), await canvas(64, 64).tiff().toBuffer()),
      "BAD_REQUEST",
    );
    expect(error.field).toBe("avatar");
    expect(error.detail).toBe("TIFF files are not accepted: send a JPEG, PNG, WebP, GIF or AVIF picture");
    expect(await storedAvatar(ada.id)).toBeNull();
  });

  test("an OAuth provider's picture URL is left alone by delete (it is not in our storage)", async () => {
    const ada = await makeUser(t.db);
    await t.sql`update "user" set image = 'https://avatars.githubusercontent.com/u/1' where id = ${ada.id}`;
    expect(services.profile.avatarVersion(ada.id, "https://avatars.githubusercontent.com/u/1")).toBeNull();
    expect(await services.profile.deleteAvatar(t.db, storage, actor(ada))).toEqual({ image: null });
    expect(await t.sql`select image from "user" where id = ${ada.id}`).toEqual([{ image: null }]);
  });
});
