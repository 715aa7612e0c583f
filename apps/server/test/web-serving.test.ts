import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { repoRoot } from "@codeclass/db";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browser, signUpVerified, useServer } from "./helpers.ts";

// Issue 9, items 1 and 8: the development server serves the web app and nothing else of the
// repository; the production server does not publish source maps; both send security headers.
// Issue 11, item 8: compressed responses (never for event streams) and caching headers.

/** GET with the path exactly as written (no normalisation of "..", as curl --path-as-is). */
function get(base: string, rawPath: string, headers: Record<string, string> = {}) {
  const url = new URL(base);
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: rawPath, headers, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      })
      .on("error", reject);
  });
}

/** GET returning the body's bytes exactly as sent (Node's http client never decompresses). */
function getRaw(base: string, rawPath: string, headers: Record<string, string> = {}) {
  const url = new URL(base);
  return new Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: rawPath, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
      })
      .on("error", reject);
  });
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === "br") return zlib.brotliDecompressSync(body);
  if (encoding === "gzip") return zlib.gunzipSync(body);
  if (encoding === undefined) return body;
  throw new Error(`unexpected content-encoding ${encoding}`);
}

describe("pnpm dev (Vite in middleware mode)", () => {
  const server = useServer({ WORKER: "false" }, { web: "dev" });
  // A data file where older versions kept runtime data: inside the repository.
  const name = `probe-${process.pid}-${Date.now()}`;
  const secret = `never-served-${Math.random().toString(36).slice(2)}`;
  const dataFile = path.join(repoRoot, ".data", name);
  beforeAll(() => {
    fs.mkdirSync(path.dirname(dataFile), { recursive: true });
    fs.writeFileSync(dataFile, secret);
    fs.writeFileSync(`${dataFile}.credentials.json`, JSON.stringify({ password: secret }));
  });
  afterAll(() => {
    fs.rmSync(dataFile, { force: true });
    fs.rmSync(`${dataFile}.credentials.json`, { force: true });
    if (fs.readdirSync(path.dirname(dataFile)).length === 0) fs.rmdirSync(path.dirname(dataFile));
  });

  test("files outside the app's allow list are refused, by every spelling, and the refusal names no path", async () => {
    const attempts = [
      `/../../.data/${name}`,
      `/%2e%2e/%2e%2e/.data/${name}`,
      `/..%2f..%2f.data/${name}`,
      `/@fs${repoRoot}/.data/${name}`,
      `/@fs${repoRoot}/.data/${name}?raw`,
      `/@fs${repoRoot}/.data/${name}.credentials.json`,
      `/@fs${repoRoot}/.data/${name}?import&raw`,
      `/@id/${repoRoot}/.data/${name}?raw`,
      `/@fs${repoRoot}/package.json`,
      `/@fs${repoRoot}/apps/server/src/env.ts?raw`,
      `/.data/${name}`,
    ];
    for (const attempt of attempts) {
      const res = await get(server.url, attempt);
      expect(res.body, attempt).not.toContain(secret);
      expect(res.body, attempt).not.toContain(repoRoot);
      if (attempt.startsWith("/@")) expect(res.status, attempt).toBe(403);
      else if (attempt.includes("..") || attempt.includes("%2")) expect(res.status, attempt).toBe(400);
    }
  });

  test("the app itself still loads, with security headers and no CORS for other origins", async () => {
    const index = await get(server.url, "/", { origin: "http://localhost:9" });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<div id="root">');
    expect(index.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(index.headers["x-content-type-options"]).toBe("nosniff");
    const source = await get(server.url, "/src/main.tsx", { origin: "http://localhost:9" });
    expect(source.status).toBe(200);
    expect(source.headers["access-control-allow-origin"]).toBeUndefined();
    const viaFs = await get(server.url, `/@fs${repoRoot}/apps/web/src/main.tsx`);
    expect(viaFs.status).toBe(200);
  });
});

describe("the production server (built app)", () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-dist-"));
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(
    path.join(dist, "index.html"),
    '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>',
  );
  fs.writeFileSync(path.join(dist, "assets", "app.js.map"), '{"version":3,"sources":["src/secret.ts"]}');
  // A bundle as the build leaves it: with .br and .gz beside it (apps/web/vite.config.ts writes them).
  const bundle = Buffer.from(
    Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i * 7} + "${"x".repeat(i % 13)}";\n`).join(""),
  );
  fs.writeFileSync(path.join(dist, "assets", "app-3f2a9c1d.js"), bundle);
  fs.writeFileSync(path.join(dist, "assets", "app-3f2a9c1d.js.br"), zlib.brotliCompressSync(bundle));
  fs.writeFileSync(path.join(dist, "assets", "app-3f2a9c1d.js.gz"), zlib.gzipSync(bundle));
  // One without precompressed copies: compressed on the fly.
  const style = Buffer.from(
    Array.from({ length: 200 }, (_, i) => `.c${i} { color: #${(i * 4099).toString(16).padStart(6, "0").slice(0, 6)}; }\n`).join(""),
  );
  fs.writeFileSync(path.join(dist, "assets", "app-77b0e4aa.css"), style);
  fs.writeFileSync(path.join(dist, "assets", "app.js"), "console.log(1);");
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));
  const server = useServer({}, { web: "static", webDist: dist });

  test("serves the bundles with security headers but not their source maps", async () => {
    const app = await get(server.url, "/assets/app.js");
    expect(app.status).toBe(200);
    expect(app.headers["x-content-type-options"]).toBe("nosniff");
    const map = await get(server.url, "/assets/app.js.map");
    expect(map.status).toBe(404);
    expect(map.body).not.toContain("sources");
    const page = await get(server.url, "/courses/x");
    expect(page.status).toBe(200);
    const csp = page.headers["content-security-policy"] as string;
    // Production scripts come from the server's own files only: no inline script, no eval.
    expect(csp.split("; ")).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  test("hashed bundles: brotli or gzip as accepted, the same bytes once decoded, cached for a year", async () => {
    for (const [accept, encoding] of [
      ["br, gzip", "br"],
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
    ] as const) {
      const res = await getRaw(server.url, "/assets/app-3f2a9c1d.js", { "accept-encoding": accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers["content-encoding"], accept).toBe(encoding);
      expect(res.headers["content-type"], accept).toMatch(/^text\/javascript/);
      expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(res.body.length, accept).toBeLessThan(bundle.length / 3);
      expect(decode(res.body, encoding).equals(bundle), accept).toBe(true);
      expect(res.headers["cache-control"], accept).toBe("public, max-age=31536000, immutable");
    }
    const plain = await getRaw(server.url, "/assets/app-3f2a9c1d.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(bundle)).toBe(true);
    const identity = await getRaw(server.url, "/assets/app-3f2a9c1d.js", { "accept-encoding": "identity" });
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(identity.body.equals(bundle)).toBe(true);

    // Without a precompressed copy the server compresses it itself.
    const css = await getRaw(server.url, "/assets/app-77b0e4aa.css", { "accept-encoding": "gzip, br" });
    expect(css.headers["content-encoding"]).toBe("br");
    expect(decode(css.body, "br").equals(style)).toBe(true);
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    // A chunk that does not exist (an old page after a release) is a 404, not the app's HTML.
    const missing = await get(server.url, "/assets/gone-00000000.js");
    expect(missing.status).toBe(404);
    expect(missing.body).not.toContain('<div id="root">');
  });

  test("index.html is revalidated on every visit, from / and from any app path", async () => {
    for (const page of ["/", "/index.html", "/courses/x/workspace"]) {
      const res = await getRaw(server.url, page, { "accept-encoding": "br, gzip" });
      expect(res.status, page).toBe(200);
      expect(res.headers["cache-control"], page).toBe("no-cache");
      expect(decode(res.body, res.headers["content-encoding"]).toString(), page).toContain('<div id="root">');
    }
  });

  test("API answers are compressed when large; event streams never are, and still stream", async () => {
    // A batch of 20 calls (here all refused: signed out) makes a JSON answer well over a kilobyte.
    const calls = Array.from({ length: 20 }, () => "me.get").join(",");
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i, {}]))));
    const batch = await getRaw(server.url, `/trpc/${calls}?batch=1&input=${input}`, { "accept-encoding": "br, gzip" });
    expect(batch.headers["content-encoding"]).toBe("br");
    // A whole answer is compressed in one go, its length known.
    expect(Number(batch.headers["content-length"])).toBe(batch.body.length);
    const parsed = JSON.parse(decode(batch.body, "br").toString()) as unknown[];
    // A small one goes out as it is, even to a client that accepts brotli.
    const small = await getRaw(server.url, `/trpc/me.get?input=${encodeURIComponent("{}")}`, { "accept-encoding": "br, gzip" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.body.length).toBeLessThan(1024);
    expect(Number(small.headers["content-length"])).toBe(small.body.length);
    expect(small.body.toString()).toContain("UNAUTHORIZED");
    expect(parsed).toHaveLength(20);
    const plainBatch = await getRaw(server.url, `/trpc/${calls}?batch=1&input=${input}`);
    expect(plainBatch.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(plainBatch.body.toString())).toEqual(parsed);
    // The web client's streamed batches (one line per result as it is ready) are compressed too.
    const streamed = await getRaw(server.url, `/trpc/${calls}?batch=1&input=${input}`, {
      "accept-encoding": "gzip",
      "trpc-accept": "application/jsonl",
    });
    expect(streamed.headers["content-encoding"]).toBe("gzip");
    expect(decode(streamed.body, "gzip").toString()).toContain("UNAUTHORIZED");

    // A run's output over SSE: the first line arrives while the program is still running.
    const b = browser(() => server.url);
    const email = `sse${Date.now()}@school.test`;
    await signUpVerified(server, b, { name: "Streamer", email, password: "stream-it-please" });
    await server.platform.db.$client`update "user" set role = 'instructor' where email = ${email}`;
    const course = (await b.mutate("course.create", { code: `SSE-${Date.now().toString(36)}`, title: "Streams" })).body.result!.data
      .json as { id: string };
    const started = await b.mutate("run.start", {
      courseId: course.id,
      language: "python",
      files: [{ path: "main.py", content: "import time\nprint('first', flush=True)\ntime.sleep(4)\nprint('second')\n" }],
    });
    expect(started.status).toBe(200);
    const runId = started.body.result!.data.json.runId as string;
    const res = await b.get(`/trpc/run.events?input=${encodeURIComponent(JSON.stringify({ json: { runId } }))}`, {
      accept: "text/event-stream",
      "accept-encoding": "br, gzip",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("content-encoding")).toBeNull();
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("first")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before the first line: ${text}`);
      text += value;
    }
    // Seen before the program's end: nothing held the stream back.
    expect(text).not.toContain("second");
    expect(text).not.toMatch(/"type":"end"/);
    await reader.cancel();
  }, 60_000);

  test("readers that leave in the middle of compressed answers do not bring the server down", async () => {
    const calls = Array.from({ length: 20 }, () => "me.get").join(",");
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i, {}]))));
    const url = new URL(server.url);
    for (let i = 0; i < 40; i++) {
      for (const path of [`/trpc/${calls}?batch=1&input=${input}`, "/assets/app-77b0e4aa.css", "/courses/x"]) {
        await new Promise<void>((resolve) => {
          const req = http.get(
            {
              host: url.hostname,
              port: url.port,
              path,
              agent: false,
              headers: { "accept-encoding": i % 2 ? "gzip" : "br", "trpc-accept": "application/jsonl" },
            },
            (res) => {
              if (i % 3 === 0) res.socket.destroy();
              else res.once("data", () => res.socket.destroy());
              res.on("close", () => resolve());
            },
          );
          req.on("error", () => resolve());
        });
      }
    }
    const health = await get(server.url, "/healthz");
    expect(health.status).toBe(200);
  });
});
