import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { type ObjectStorage, profile, storageEnvSchema, storageFromEnv } from "@codeclass/services";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
// The S3 server and the image helpers live with the storage tests, where s3rver and sharp are dependencies.
import { exifMarker, imageInfo, makeHugePng, makeJpeg, makePng } from "../../../packages/services/test/storage/images.ts";
import { startS3rver } from "../../../packages/services/test/storage/s3rver.ts";
import { browser, signUpVerified, useServer } from "./helpers.ts";

const password = "a-long-enough-password";
let seq = 0;

const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64"/></svg>',
);

/**
 * The avatar routes against each storage backend: the data directory on disk, and a real
 * S3-compatible server (s3rver on 127.0.0.1). `storage` reads the stored objects directly.
 */
const backends = ["disk", "s3"] as const;

describe.each(backends)("avatars stored on %s", (kind) => {
  const env: Record<string, string> = {};
  let dataDir = "";
  let s3: Awaited<ReturnType<typeof startS3rver>> | null = null;
  let storage: ObjectStorage;
  // Registered before useServer's own hook, so the server starts with this configuration.
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-avatar-"));
    env.DATA_DIR = dataDir;
    if (kind === "s3") {
      s3 = await startS3rver();
      Object.assign(env, s3.env);
    }
    storage = storageFromEnv(storageEnvSchema.parse(env), dataDir);
  });
  afterAll(async () => {
    await s3?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  const server = useServer(env);
  const base = () => server.url;
  const sql = () => server.platform.db.$client;

  async function member(name: string) {
    const b = browser(base);
    const email = `avatar-${kind}-${Date.now().toString(36)}${seq++}@school.test`;
    await signUpVerified(server, b, { name, email, password });
    const [row] = await sql()`select id from "user" where email = ${email}`;
    const cookie = () => [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return { b, id: row!.id as string, cookie };
  }
  type Answer = { image?: string | null; code?: string; message?: string };
  const json = async (res: Response) => (await res.json()) as Answer;
  const send = (method: "POST" | "DELETE", headers: Record<string, string>, body?: Buffer, url = "/api/avatar") =>
    fetch(base() + url, { method, headers: { origin: base(), "content-type": "application/octet-stream", ...headers }, body });
  const upload = async (who: { cookie: () => string }, body: Buffer) => {
    const res = await send("POST", { cookie: who.cookie() }, body);
    return { status: res.status, body: await json(res) };
  };
  const imageOf = async (id: string) => ((await sql()`select image from "user" where id = ${id}`)[0]!.image as string | null) ?? null;
  const storedFor = async (id: string) => {
    const version = profile.avatarVersion(id, await imageOf(id));
    if (!version) return null;
    const object = await storage.get(profile.avatarKey(id, version));
    return object ? buffer(object.body) : null;
  };

  test("a PNG and a JPEG are re-encoded as 256×256 WebP without metadata; the old one is removed; GET serves it with cache headers", async () => {
    const ada = await member("Ada");
    const first = await upload(ada, await makePng());
    expect(first.status).toBe(200);
    expect(first.body.image).toMatch(new RegExp(`^/api/avatar/${ada.id}\\?v=[a-z0-9]+$`));
    expect(await imageOf(ada.id)).toBe(first.body.image);
    const firstKey = profile.avatarKey(ada.id, profile.avatarVersion(ada.id, first.body.image!)!);
    expect(await imageInfo((await storedFor(ada.id))!)).toEqual({ format: "webp", width: 256, height: 256, hasExif: false });

    const second = await upload(ada, await makeJpeg());
    expect(second.status).toBe(200);
    expect(second.body.image).not.toBe(first.body.image);
    const stored = (await storedFor(ada.id))!;
    expect(await imageInfo(stored)).toEqual({ format: "webp", width: 256, height: 256, hasExif: false });
    expect(stored.includes(Buffer.from(exifMarker))).toBe(false);
    expect(await storage.get(firstKey)).toBeNull();
    if (kind === "disk") {
      const files = await fs.readdir(path.join(dataDir, "uploads", "avatars", ada.id));
      expect(files.filter((f) => f.endsWith(".webp"))).toHaveLength(1);
    }

    // Anyone signed in sees it; the versioned URL is cached for good, any other spelling is revalidated.
    const grace = await member("Grace");
    const served = await grace.b.get(second.body.image!);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(Buffer.from(await served.arrayBuffer()).equals(stored)).toBe(true);
    const unversioned = await grace.b.get(`/api/avatar/${ada.id}`);
    expect(unversioned.headers.get("cache-control")).toBe("private, no-cache");
    const etag = unversioned.headers.get("etag")!;
    await unversioned.arrayBuffer();
    expect((await grace.b.get(`/api/avatar/${ada.id}`, { "if-none-match": etag })).status).toBe(304);
    expect((await fetch(`${base()}${second.body.image}`)).status).toBe(401);
    expect((await grace.b.get(`/api/avatar/${grace.id}`)).status).toBe(404);

    // Delete: the row forgets it, storage drops it, the URL answers 404.
    const removed = await send("DELETE", { cookie: ada.cookie() });
    expect([removed.status, await removed.json()]).toEqual([200, { image: null }]);
    expect(await imageOf(ada.id)).toBeNull();
    expect(await storage.get(profile.avatarKey(ada.id, profile.avatarVersion(ada.id, second.body.image!)!))).toBeNull();
    expect((await grace.b.get(second.body.image!)).status).toBe(404);
  });

  test("changes at once leave exactly one stored picture; one upload at a time and 20 an hour per account", async () => {
    const lin = await member("Lin");
    const actor = { id: lin.id, role: "student" as const };
    const png = await makePng();
    // Five changes at once through the service (each replaces what the one before it put in place).
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => profile.setAvatar(server.platform.db, storage, actor, png)),
      profile.deleteAvatar(server.platform.db, storage, actor),
    ]);
    expect(results).toHaveLength(5);
    if (kind === "disk") {
      const dir = path.join(dataDir, "uploads", "avatars", lin.id);
      const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".webp"));
      const version = profile.avatarVersion(lin.id, await imageOf(lin.id));
      expect(files).toEqual(version ? [`${version}.webp`] : []);
    }
    // Over HTTP: uploads while one is being processed are refused...
    const burst = await Promise.all(Array.from({ length: 3 }, () => upload(lin, png)));
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(burst.find((r) => r.status === 429)!.body.message).toMatch(/still being processed/);
    // ...and past 20 in an hour (refused ones do not count).
    let accepted = burst.filter((r) => r.status === 200).length;
    let refused = await upload(lin, png);
    while (refused.status === 200 && accepted < 25) {
      accepted++;
      refused = await upload(lin, png);
    }
    expect(accepted).toBe(20);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/20 times in the last hour; try again in \d+ minutes?/);
  });

  test("an SVG, a text file named .png, an empty body and a huge pixel count are refused by content, and nothing changes", async () => {
    const ada = await member("Ada");
    const kept = (await upload(ada, await makePng())).body.image;
    const cases: [string, Buffer, RegExp][] = [
      ["svg", svg, /SVG drawings are not accepted: send a JPEG, PNG, WebP, GIF or AVIF picture/],
      ["text", Buffer.from("just some notes, renamed notes.png\n"), /this file is not a picture/],
      ["empty", Buffer.alloc(0), /the file is empty/],
      ["huge", await makeHugePng(20_000), /this picture is 20000×20000 pixels; the limit is 40 million pixels/],
    ];
    for (const [name, body, message] of cases) {
      const res = await upload(ada, body);
      expect([res.status, res.body.code], name).toEqual([400, "BAD_REQUEST"]);
      expect(res.body.message, name).toMatch(message);
    }
    expect(await imageOf(ada.id)).toBe(kept);
  });

  test("an oversize body is refused with 413 before it is read; no session is 401; another site's page is 403", async () => {
    const ada = await member("Ada");
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1);
    const tooBig = await upload(ada, big);
    expect(tooBig).toEqual({
      status: 413,
      body: { code: "PAYLOAD_TOO_LARGE", message: "the picture is too large: the limit is 5 MiB; send a smaller one" },
    });
    const anonymous = await send("POST", {}, await makePng());
    expect([anonymous.status, (await json(anonymous)).code]).toEqual([401, "UNAUTHORIZED"]);
    const forged = await send("POST", { cookie: ada.cookie(), origin: "https://evil.example" }, await makePng());
    expect(forged.status).toBe(403);
    expect((await json(forged)).message).toMatch(/another site/);
    expect((await send("DELETE", { origin: "https://evil.example", cookie: ada.cookie() })).status).toBe(403);
    expect(await imageOf(ada.id)).toBeNull();
  });

  test("another user cannot change or remove your avatar: every change applies to the caller's own", async () => {
    const ada = await member("Ada");
    const mallory = await member("Mallory");
    const adas = (await upload(ada, await makePng())).body.image;
    // There is no way to name another user: a user id in the path or the query is not a route or is ignored.
    const byPath = await send("POST", { cookie: mallory.cookie() }, await makeJpeg(), `/api/avatar/${ada.id}`);
    expect(byPath.status).toBe(404);
    const byDeletePath = await send("DELETE", { cookie: mallory.cookie() }, undefined, `/api/avatar/${ada.id}`);
    expect(byDeletePath.status).toBe(404);
    const byQuery = await send("POST", { cookie: mallory.cookie() }, await makeJpeg(), `/api/avatar?userId=${ada.id}`);
    expect(byQuery.status).toBe(200);
    expect(await imageOf(mallory.id)).toBe((await json(byQuery)).image);
    await send("DELETE", { cookie: mallory.cookie() }, undefined, `/api/avatar?userId=${ada.id}`);
    expect(await imageOf(mallory.id)).toBeNull();
    expect(await imageOf(ada.id)).toBe(adas);
    expect(await storedFor(ada.id)).not.toBeNull();
  });
});

describe("avatars when the S3 server does not answer", () => {
  const server = useServer({
    S3_ENDPOINT: "http://127.0.0.1:9",
    S3_BUCKET: "unreachable",
    S3_ACCESS_KEY_ID: "key",
    S3_SECRET_ACCESS_KEY: "secret",
  });

  test("an upload is refused with 503 and what to do, and the profile keeps its old picture", async () => {
    const b = browser(() => server.url);
    const email = `avatar-down-${Date.now().toString(36)}@school.test`;
    await signUpVerified(server, b, { name: "Ada", email, password });
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(`${server.url}/api/avatar`, {
      method: "POST",
      headers: { origin: server.url, cookie, "content-type": "application/octet-stream" },
      body: await makePng(),
    });
    expect([res.status, await res.json()]).toEqual([
      503,
      { code: "STORAGE_UNAVAILABLE", message: "the picture store is not answering; please try again in a minute" },
    ]);
    expect(await server.platform.db.$client`select image from "user" where email = ${email}`).toEqual([{ image: null }]);
  });
});
