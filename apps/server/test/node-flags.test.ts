/**
 * The server's heap sizes are node flags (src/node-flags.ts): V8 reads them before any code runs.
 * These tests hold the launchers to them and check that they take effect in a real process.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { serverNodeFlags } from "../src/node-flags.ts";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(serverDir, "../..");

/** What a process started with these node flags says of itself. */
async function probe(flags: string[]) {
  const script = `const m = await import(${JSON.stringify(path.join(serverDir, "src/node-flags.ts"))});
console.log(JSON.stringify({ configured: m.startedWithServerFlags(), youngMb: m.youngGenerationMb() }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", ...flags, "--input-type=module", "-e", script], {
    cwd: serverDir,
  });
  return JSON.parse(stdout.trim()) as { configured: boolean; youngMb: number };
}

describe("the server's node flags", () => {
  test("`pnpm start` (and so the Docker image) gives them to node, before the entry", () => {
    const start: string = JSON.parse(fs.readFileSync(path.join(serverDir, "package.json"), "utf8")).scripts.start;
    const args = start.split(/\s+/);
    const node = args.indexOf("node");
    const entry = args.indexOf("src/main.ts");
    expect(node).toBeGreaterThanOrEqual(0);
    expect(entry).toBeGreaterThan(node);
    expect(args.slice(node + 1, entry).filter((a) => !a.startsWith("--import") && a !== "tsx")).toEqual(serverNodeFlags);
    const dockerfile = fs.readFileSync(path.join(repoRoot, "docs/deploy/Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/CMD \["pnpm", "--filter", "@codeclass\/server", "start"\]/);
  });

  test("a process started with them has the young generation they ask for, and knows it", async () => {
    const withFlags = await probe(serverNodeFlags);
    expect(withFlags.configured).toBe(true);
    expect(withFlags.youngMb).toBeGreaterThanOrEqual(64);
    const without = await probe([]);
    expect(without.configured).toBe(false);
    expect(without.youngMb).toBeLessThan(32);
  });
});
