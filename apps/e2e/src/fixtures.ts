import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchChromium } from "./browser.ts";
import { buildWeb, repoRoot, startServer } from "./server.ts";
import { signInAt } from "./spawn-server.ts";

/**
 * The production server (built web app) in a subprocess plus one Chromium for a test file;
 * after the file, Chromium closes and the server must exit 0 on SIGTERM (graceful shutdown).
 */
export function useClassroom(options: { env?: NodeJS.ProcessEnv; chromiumArgs?: string[] } = {}) {
  const ctx = {} as {
    server: Awaited<ReturnType<typeof startServer>>;
    browser: Awaited<ReturnType<typeof launchChromium>>;
    /** Signs in through the sign-in page, as a person does, and waits for "My courses". */
    signIn(page: Page, email: string, password: string): Promise<void>;
  };
  ctx.signIn = (page, email, password) => signInAt(ctx.server.url, page, email, password);
  beforeAll(async () => {
    await buildWeb();
    [ctx.server, ctx.browser] = await Promise.all([startServer(options.env), launchChromium(options.chromiumArgs)]);
  }, 420_000); // the first file builds the web app; the others wait for that build (buildWeb)
  afterAll(async () => {
    await ctx.browser?.close();
    if (ctx.server) {
      expect(await ctx.server.stop()).toBe(0);
      await ctx.server.drop();
    }
  });
  return ctx;
}

/** A full-page screenshot in test-results/<name>.png. */
export async function shot(page: Page, name: string) {
  const dir = path.join(repoRoot, "test-results");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** The shown Monaco editor's text in `scope` (Monaco renders spaces as no-break spaces). */
export async function editorText(page: Page, scope = page.locator("body")): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Monaco's lines are separate divs; only innerText keeps the line breaks.
  const text = await scope.locator(".monaco-editor .view-lines").first().innerText();
  return text.replace(/\u00a0/g, " ");
}
