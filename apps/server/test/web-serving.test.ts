import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "@codeclass/db";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { useServer } from "./helpers.ts";

// Issue 9, items 1 and 8: the development server serves the web app and nothing else of the
// repository; the production server does not publish source maps; both send security headers.

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
  fs.writeFileSync(path.join(dist, "assets", "app.js"), "console.log(1);");
  fs.writeFileSync(path.join(dist, "assets", "app.js.map"), '{"version":3,"sources":["src/secret.ts"]}');
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));
  const server = useServer({ WORKER: "false" }, { web: "static", webDist: dist });

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
});
