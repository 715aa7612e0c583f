import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (CHROMIUM_PATH overrides). Missing: the test fails, it never skips. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless Chromium with a fresh, empty profile (Playwright makes one per launch) and no background
 * traffic. `extraArgs`: e.g. Chromium's fake camera and microphone (`fakeMediaArgs`).
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

/** Chromium's own fake camera (a test pattern) and microphone (a beep), granted without a prompt. */
export const fakeMediaArgs = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];
