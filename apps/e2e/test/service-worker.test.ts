import type { Response } from "playwright-core";
import { expect, test } from "vitest";
import { useClassroom } from "../src/fixtures.ts";

// Issue 11 (first load): the service worker precaches the build's hashed files so a second visit
// finds them compiled; pages, the API and the collaboration socket never go through it.

const classroom = useClassroom();

test("the build's files are precached and served by the service worker; pages and the API are not", async () => {
  const context = await classroom.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(`${classroom.server.url}/sign-in`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();

    // Registered once the page is idle; it installs (precaches) and takes over this page.
    await expect
      .poll(() => page.evaluate(() => (globalThis as any).navigator.serviceWorker.controller?.scriptURL ?? null), { timeout: 60_000 })
      .toBe(`${classroom.server.url}/sw.js`);
    const cached = await page.evaluate(async () => {
      const g = globalThis as any;
      const names: string[] = (await g.caches.keys()).filter((n: string) => n.startsWith("codeclass-assets-"));
      const cache = await g.caches.open(names[0]);
      const urls: string[] = (await cache.keys()).map((r: { url: string }) => new URL(r.url).pathname);
      const entry = new URL(g.document.querySelector('script[type="module"]').src).pathname;
      return { names, urls, entry };
    });
    expect(cached.names).toHaveLength(1);
    expect(cached.urls).toContain(cached.entry);
    expect(cached.urls.every((u) => u.startsWith("/assets/"))).toBe(true);
    // Monaco's core is among them (the workspace's largest script).
    expect(cached.urls.some((u) => /\/assets\/editor\.api-[\w-]+\.js$/.test(u))).toBe(true);

    // The next visit: scripts from the worker's cache; the page itself and the API from the server.
    const responses: Response[] = [];
    page.on("response", (r) => responses.push(r));
    const navigation = await page.reload();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(navigation?.fromServiceWorker()).toBe(false);
    expect(navigation?.status()).toBe(200);
    const path = (r: Response) => new URL(r.url()).pathname;
    const scripts = responses.filter((r) => path(r).startsWith("/assets/") && path(r).endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((r) => !r.fromServiceWorker()).map(path)).toEqual([]);
    const api = responses.filter((r) => /^\/(api|trpc)\//.test(path(r)));
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((r) => r.fromServiceWorker()).map(path)).toEqual([]);

    // The worker's file is revalidated on every visit, so a release's worker (and cache) takes over.
    const sw = await page.request.get(`${classroom.server.url}/sw.js`);
    expect(sw.headers()["cache-control"]).toBe("no-cache");
    expect(sw.headers()["content-type"]).toMatch(/javascript/);
  } finally {
    await context.close();
  }
}, 180_000);
