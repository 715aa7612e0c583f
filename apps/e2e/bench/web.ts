/**
 * pnpm bench:web — what a first visit costs on the production server, measured in Chromium.
 *
 * Builds the web app (BENCH_NO_BUILD=1 reuses apps/web/dist), starts `apps/server/src/main.ts`
 * with NODE_ENV=production on a throw-away embedded Postgres, makes an instructor, a course and
 * an enrolled student, then measures:
 *  - the sign-in page's JavaScript, bytes on the wire (gzip, brotli, and uncompressed);
 *  - the workspace editor's "ready for typing" time: from navigation until a key typed into
 *    Monaco shows in the editor; warm (second visit, HTTP cache on, no throttling) and cold
 *    (cache disabled, 10 Mbit/s down, 40 ms latency). BENCH_RUNS (default 3) runs each, median.
 *    Also "returning": a visit after one that lasted long enough for the service worker to install
 *    (it registers 10 s after load), as any real first visit does: Chrome then has the scripts'
 *    compiled code cached, which the plain second visit does not have yet.
 * The same figures with `Accept-Encoding: identity` are the uncompressed baseline.
 * BENCH_ENCODINGS=gzip skips the brotli and uncompressed rows; BENCH_PROFILE=file.cpuprofile writes
 * the main thread's CPU profile of the first warm visit (summarised by bench/profile-summary.ts).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { launchChromium } from "../src/browser.ts";
import { freePort, repoRoot, signInAt, spawnServer } from "../src/spawn-server.ts";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const targets = { signInKb: 200, warmMs: 1500, coldMs: 3000 };
/** 10 Mbit/s in bytes per second, and a typical home round trip. */
const slowLink = { offline: false, latency: 40, downloadThroughput: (10 * 1e6) / 8, uploadThroughput: (5 * 1e6) / 8 };

type Encoding = "gzip" | "br" | "identity";

/** BENCH_ENCODINGS=gzip (comma-separated) measures only those; gzip is always measured (the targets use it). */
const encodings = (["gzip", "br", "identity"] as const).filter(
  (e) => e === "gzip" || !process.env.BENCH_ENCODINGS || process.env.BENCH_ENCODINGS.split(",").includes(e),
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startServer(dataDir: string) {
  return spawnServer(
    {
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-01",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      AUTH_RATE_LIMIT: "false",
    },
    120_000,
  );
}

/** A CDP session that counts the bytes on the wire of every script response. */
async function scriptBytes(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const scripts = new Set<string>();
  const encodings = new Map<string, string>();
  let bytes = 0;
  cdp.on("Network.responseReceived", (e) => {
    if (e.type === "Script") {
      scripts.add(e.requestId);
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      encodings.set(e.requestId, headers["content-encoding"] ?? "identity");
    }
  });
  // Body bytes as they came off the wire (compressed when encoded), headers not counted.
  cdp.on("Network.dataReceived", (e) => {
    if (scripts.has(e.requestId)) bytes += e.encodedDataLength;
  });
  return { cdp, bytes: () => bytes, encodings: () => new Set(encodings.values()) };
}

async function withEncoding(cdp: CDPSession, encoding: Encoding) {
  await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": encoding === "br" ? "br, gzip" : encoding } });
}

/** JavaScript bytes on the wire for a signed-out visit to /sign-in, with the given encoding. */
async function signInBytes(browser: Browser, url: string, encoding: Encoding) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const counter = await scriptBytes(context, page);
  await counter.cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await withEncoding(counter.cdp, encoding);
  await page.goto(`${url}/sign-in`);
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.waitForLoadState("networkidle");
  const result = { bytes: counter.bytes(), encodings: [...counter.encodings()].join("+") };
  await context.close();
  return result;
}

/** In the page: when each request started and ended, and the paints, from navigation start (BENCH_VERBOSE=2). */
function timeline() {
  // In the page (this package has no DOM types).
  interface Entry {
    name: string;
    startTime: number;
    responseEnd: number;
    transferSize: number;
    requestStart: number;
    domContentLoadedEventEnd: number;
  }
  const g = globalThis as unknown as {
    performance: { getEntriesByType(type: string): Entry[] };
    location: { origin: string };
  };
  const nav = g.performance.getEntriesByType("navigation")[0];
  const rows = [
    ...(nav ? [`  html ${nav.requestStart.toFixed(0)}-${nav.responseEnd.toFixed(0)} dcl ${nav.domContentLoadedEventEnd.toFixed(0)}`] : []),
    ...g.performance.getEntriesByType("paint").map((p) => `  ${p.name} ${p.startTime.toFixed(0)}`),
    ...g.performance
      .getEntriesByType("resource")
      .map(
        (r) =>
          `  ${r.startTime.toFixed(0).padStart(5)}-${r.responseEnd.toFixed(0).padStart(5)} ${r.transferSize === 0 ? "cache" : `${(r.transferSize / 1024).toFixed(0)}K`.padStart(5)} ${r.name.replace(g.location.origin, "").slice(0, 90)}`,
      ),
  ];
  return rows.join("\n");
}

let typed = 0;
/** Milliseconds from navigation until a key typed into Monaco shows in the editor. */
async function readyForTyping(page: Page, workspaceUrl: string) {
  const mark = `z${++typed}q`;
  const started = performance.now();
  await page.goto(workspaceUrl, { waitUntil: "commit" });
  const lines = page.locator(".monaco-editor .view-lines").first();
  await page.locator(".monaco-editor .view-line").first().waitFor({ timeout: 60_000 });
  if (process.env.BENCH_VERBOSE) console.log(`  editor shown after ${(performance.now() - started).toFixed(0)} ms`);
  // Click into the text and type; until the editor takes input (it may still be connecting),
  // the keys go nowhere, so type again every 100 ms until the mark shows.
  for (let attempt = 0; ; attempt++) {
    if (performance.now() - started > 60_000) throw new Error("the typed text never appeared in the editor");
    await lines.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(mark);
    const until = performance.now() + 100;
    while (performance.now() < until) {
      // biome-ignore lint/performance/useDomNodeTextContent: Monaco's lines are separate divs; innerText is what is shown.
      if ((await lines.innerText()).includes(mark)) {
        const took = performance.now() - started;
        if (process.env.BENCH_VERBOSE) {
          console.log(`  typed text shown after ${took.toFixed(0)} ms (${attempt + 1} attempts)`);
          if (process.env.BENCH_VERBOSE === "2") console.log(await page.evaluate(timeline));
        }
        return took;
      }
      await page.waitForTimeout(10);
    }
  }
}

interface CpuMetrics {
  /** CPU time of the page's main thread, ms. */
  thread: number;
  /** CPU time of the page's renderer process (all its threads), ms. */
  process: number;
  /** Main-thread time running script and compiling it (wall time inside those tasks), ms. */
  script: number;
  compile: number;
}

/**
 * The renderer's CPU counters: unlike wall time, these hardly change with the machine's load, so
 * on a shared machine they compare two builds better than "ready" times do.
 */
async function cpuMetrics(cdp: CDPSession): Promise<CpuMetrics> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { thread: get("ThreadTime"), process: get("ProcessTime"), script: get("ScriptDuration"), compile: get("V8CompileDuration") };
}

/** CPU spent between two readings; a new renderer process for the visit starts its counters at 0. */
function cpuSpent(before: CpuMetrics, after: CpuMetrics): CpuMetrics {
  const base = after.process >= before.process ? before : { thread: 0, process: 0, script: 0, compile: 0 };
  return {
    thread: after.thread - base.thread,
    process: after.process - base.process,
    script: after.script - base.script,
    compile: after.compile - base.compile,
  };
}

const medianCpu = (list: CpuMetrics[]): CpuMetrics => ({
  thread: median(list.map((m) => m.thread)),
  process: median(list.map((m) => m.process)),
  script: median(list.map((m) => m.script)),
  compile: median(list.map((m) => m.compile)),
});

async function editorTimes(
  browser: Browser,
  state: Awaited<ReturnType<BrowserContext["storageState"]>>,
  workspaceUrl: string,
  encoding: Encoding,
) {
  const cold: number[] = [];
  const warm: number[] = [];
  const warmCpu: CpuMetrics[] = [];
  const returning: number[] = [];
  const returningCpu: CpuMetrics[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Cold: a first visit (nothing cached) over a 10 Mbit/s link.
    const coldContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: state });
    const coldPage = await coldContext.newPage();
    const coldCdp = await coldContext.newCDPSession(coldPage);
    await coldCdp.send("Network.enable");
    await coldCdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await coldCdp.send("Network.emulateNetworkConditions", slowLink);
    await withEncoding(coldCdp, encoding);
    cold.push(await readyForTyping(coldPage, workspaceUrl));
    await coldContext.close();

    // Warm: the second visit in a browser that has been here (HTTP cache on), no throttling.
    const warmContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: state });
    const warmPage = await warmContext.newPage();
    const warmCdp = await warmContext.newCDPSession(warmPage);
    await warmCdp.send("Network.enable");
    await withEncoding(warmCdp, encoding);
    await readyForTyping(warmPage, workspaceUrl);
    await warmPage.goto("about:blank");
    await warmCdp.send("Performance.enable", { timeDomain: "threadTicks" });
    const before = await cpuMetrics(warmCdp);
    const profile = process.env.BENCH_PROFILE && i === 0 && encoding === "gzip" ? process.env.BENCH_PROFILE : null;
    if (profile) {
      await warmCdp.send("Profiler.enable");
      await warmCdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await warmCdp.send("Profiler.start");
    }
    warm.push(await readyForTyping(warmPage, workspaceUrl));
    warmCpu.push(cpuSpent(before, await cpuMetrics(warmCdp)));
    if (profile) {
      // Open the file in Chrome DevTools (Performance) or summarise it with `node apps/e2e/bench/profile-summary.ts`.
      const { profile: data } = await warmCdp.send("Profiler.stop");
      fs.writeFileSync(profile, JSON.stringify(data));
      console.log(`  CPU profile of the first warm visit written to ${profile}`);
    }

    // Returning: this visit stays until the service worker is active (registered 10 s after load,
    // then installed with the build's files), then the next visit.
    await warmPage.evaluate(
      () => (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<unknown> } } }).navigator.serviceWorker.ready,
    );
    await warmPage.goto("about:blank");
    const beforeReturn = await cpuMetrics(warmCdp);
    returning.push(await readyForTyping(warmPage, workspaceUrl));
    const afterReturn = await cpuMetrics(warmCdp);
    returningCpu.push(cpuSpent(beforeReturn, afterReturn));
    await warmContext.close();
  }
  return {
    cold: median(cold),
    warm: median(warm),
    returning: median(returning),
    coldAll: cold,
    warmAll: warm,
    returningAll: returning,
    cpu: medianCpu(warmCpu),
    returningCpu: medianCpu(returningCpu),
  };
}

async function main() {
  if (!process.env.BENCH_NO_BUILD) {
    console.log("building the web app…");
    await run(path.join(repoRoot, "apps/web/node_modules/.bin/vite"), ["build", "--logLevel", "warn"], {
      cwd: path.join(repoRoot, "apps/web"),
      env: { ...process.env, NODE_ENV: "production" },
    });
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "codeclass-bench-web-"));
  fs.chmodSync(dataDir, 0o755);
  const server = await startServer(dataDir);
  const browser = await launchChromium();
  try {
    const stamp = Date.now().toString(36);
    const teacher = { email: `bench-t-${stamp}@school.test`, password: "teach-me-please" };
    const student = { email: `bench-s-${stamp}@school.test`, password: "learn-all-day" };
    for (const [who, name, role] of [
      [teacher, "Tess Teacher", "instructor"],
      [student, "Grace Student", "student"],
    ] as const) {
      await run(
        tsx,
        [
          path.join(repoRoot, "apps/server/src/cli.ts"),
          "user:create",
          "--email",
          who.email,
          "--name",
          name,
          "--role",
          role,
          "--password",
          who.password,
        ],
        {
          env: server.env,
        },
      );
    }
    const setup = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const t = await setup.newPage();
    await signInAt(server.url, t, teacher.email, teacher.password);
    await t
      .getByRole("link", { name: /new course/i })
      .first()
      .click();
    await t.getByLabel("Code").fill(`BENCH-${stamp}`.toUpperCase());
    await t.getByLabel("Title").fill("Bench");
    await t.getByRole("button", { name: "Create course" }).click();
    await t.getByRole("heading", { name: "Bench" }).waitFor();
    const courseUrl = t.url();
    const enroll = t.getByRole("form", { name: /enroll/i });
    await enroll.getByLabel("Email").fill(student.email);
    await enroll.getByRole("button", { name: "Enroll" }).click();
    await t.getByRole("cell", { name: student.email }).waitFor();
    await setup.close();

    // The student's workspace with the starter program in it.
    const studentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const s = await studentContext.newPage();
    await signInAt(server.url, s, student.email, student.password);
    const workspaceUrl = `${courseUrl}/workspace`;
    await s.goto(workspaceUrl);
    const starter = s.getByRole("button", { name: /starter/i }).first();
    const editor = s.locator(".monaco-editor .view-line").first();
    await starter.or(editor).first().waitFor({ timeout: 60_000 });
    if (await starter.isVisible()) await starter.click();
    await editor.waitFor({ timeout: 60_000 });
    const state = await studentContext.storageState();
    await studentContext.close();

    const rows: string[] = [];
    const results: Record<string, { signIn: { bytes: number; encodings: string }; editor: Awaited<ReturnType<typeof editorTimes>> }> = {};
    for (const encoding of encodings) {
      const signInResult = await signInBytes(browser, server.url, encoding);
      const editorResult = await editorTimes(browser, state, workspaceUrl, encoding);
      results[encoding] = { signIn: signInResult, editor: editorResult };
      const kb = (signInResult.bytes / 1024).toFixed(1);
      rows.push(
        `| ${encoding === "identity" ? "uncompressed (baseline)" : encoding} | ${kb} KB (${signInResult.encodings}) | ${editorResult.warm.toFixed(0)} ms (${editorResult.warmAll.map((x) => x.toFixed(0)).join(", ")}) | ${editorResult.returning.toFixed(0)} ms (${editorResult.returningAll.map((x) => x.toFixed(0)).join(", ")}) | ${editorResult.cold.toFixed(0)} ms (${editorResult.coldAll.map((x) => x.toFixed(0)).join(", ")}) |`,
      );
    }
    console.log(`\nChromium, production server, median of ${RUNS} runs (all runs in brackets)\n`);
    console.log(
      "| Accept-Encoding | sign-in JS on the wire | editor ready, warm (2nd visit) | editor ready, returning (service worker installed) | editor ready, cold at 10 Mbit/s + 40 ms |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    console.log(rows.join("\n"));
    const gz = results.gzip!;
    const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
    for (const [name, c] of [
      ["warm", gz.editor.cpu],
      ["returning", gz.editor.returningCpu],
    ] as const)
      console.log(
        `\n${name} visit, renderer CPU (median): main thread ${c.thread.toFixed(0)} ms, process ${c.process.toFixed(0)} ms; script ${c.script.toFixed(0)} ms, of which compiling ${c.compile.toFixed(0)} ms`,
      );
    console.log(`\ntargets (gzip):`);
    console.log(
      `  sign-in JS ≤ ${targets.signInKb} KB: ${(gz.signIn.bytes / 1024).toFixed(1)} KB ${pass(gz.signIn.bytes <= targets.signInKb * 1024)}`,
    );
    console.log(`  editor ready warm ≤ ${targets.warmMs} ms: ${gz.editor.warm.toFixed(0)} ms ${pass(gz.editor.warm <= targets.warmMs)}`);
    console.log(
      `  editor ready returning ≤ ${targets.warmMs} ms: ${gz.editor.returning.toFixed(0)} ms ${pass(gz.editor.returning <= targets.warmMs)}`,
    );
    console.log(`  editor ready cold ≤ ${targets.coldMs} ms: ${gz.editor.cold.toFixed(0)} ms ${pass(gz.editor.cold <= targets.coldMs)}`);
  } catch (err) {
    console.error(`server log (end):\n${server.logs().slice(-4000)}`);
    throw err;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
