import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, describe, expect, test } from "vitest";
import { createLauncher, type LaunchedProcess } from "../src/bwrap/launcher.ts";
import { hostProcesses, parentOf, waitFor } from "./helpers.ts";

// The bubblewrap driver starts every process (sandboxes, mount, umount) through a small helper
// process, so that the server never forks. These tests use plain host programs.
const launcher = createLauncher();
afterAll(() => launcher.close());

const env = { PATH: "/usr/bin:/bin" };

function collect(stream: Readable): Promise<string> {
  let text = "";
  stream.setEncoding("utf8").on("data", (d: string) => (text += d));
  return new Promise((resolve) => stream.once("close", () => resolve(text)));
}

function closed(proc: LaunchedProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => proc.once("close", (code, signal) => resolve({ code, signal })));
}

describe("the sandbox launcher", () => {
  test("processes are the launcher's children, never the server's", async () => {
    const proc = await launcher.spawn("/bin/sleep", ["30"], { env, fds: 3, pass: [0, 1, 2] });
    try {
      const parent = await parentOf(proc.pid);
      expect(parent).not.toBe(process.pid);
      expect(await fs.readFile(`/proc/${parent}/cmdline`, "utf8")).toContain("launcher-process.mjs");
      expect(await parentOf(parent)).toBe(process.pid);
    } finally {
      proc.kill("SIGKILL");
      expect(await closed(proc)).toEqual({ code: null, signal: "SIGKILL" });
    }
  });

  test("output written the moment a process starts reaches the server, on every fd", async () => {
    // The sockets are handed over one at a time; the first bytes (a sandbox's ready line) must
    // not be read by the launcher meanwhile and lost with its copy.
    for (let i = 0; i < 40; i++) {
      const proc = await launcher.spawn("/bin/sh", ["-c", `echo out${i}; echo err${i} >&2; echo three${i} >&3`], {
        env,
        fds: 4,
        pass: [0, 1, 2, 3],
      });
      const [out, err, three, status] = await Promise.all([
        collect(proc.stdout),
        collect(proc.stderr),
        collect(proc.stdio[3]!),
        closed(proc),
      ]);
      expect({ out, err, three, status }).toEqual({
        out: `out${i}\n`,
        err: `err${i}\n`,
        three: `three${i}\n`,
        status: { code: 0, signal: null },
      });
    }
  });

  test("overlapping spawns of programs that exit at once all get their pipes and status", async () => {
    // Only one socket is in flight at a time: a child may exit while its sockets still wait behind
    // another spawn's; they must still reach the server (not be destroyed with the child).
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const script = i % 2 ? `echo quick${i}; exit ${i}` : `sleep 0.2; echo slow${i}`;
        const p = await launcher.spawn("/bin/sh", ["-c", script], { env, fds: 3, pass: [0, 1, 2] });
        const [out, status] = await Promise.all([collect(p.stdout), closed(p)]);
        return { out, status };
      }),
    );
    results.forEach((r, i) => {
      expect(r).toEqual({ out: i % 2 ? `quick${i}\n` : `slow${i}\n`, status: { code: i % 2 ? i : 0, signal: null } });
    });
  });

  test("stdin goes to the process; input for another fd is written and closed by the launcher", async () => {
    const proc = await launcher.spawn("/bin/sh", ["-c", "cat; cat <&3"], {
      env,
      fds: 4,
      inputs: [{ fd: 3, data: Buffer.from("from the launcher\n") }],
      pass: [0, 1, 2],
    });
    // Both listened for before either is awaited: "close" comes with the last output's close.
    const done = Promise.all([collect(proc.stdout), closed(proc)]);
    proc.stdin.end("typed ünïcode\n");
    expect(await done).toEqual(["typed ünïcode\nfrom the launcher\n", { code: 0, signal: null }]);
  });

  test("exit code; close comes even when nobody reads the output (it is drained)", async () => {
    const proc = await launcher.spawn("/bin/sh", ["-c", "head -c 50000 /dev/zero; head -c 50000 /dev/zero >&2; exit 7"], {
      env,
      fds: 3,
      pass: [0, 1, 2],
    });
    expect(await closed(proc)).toEqual({ code: 7, signal: null });
    expect(proc.exitCode).toBe(7);
  });

  test("run collects a host command's output and exit code; a missing program is an error", async () => {
    const ok = await launcher.run("/bin/sh", ["-c", "echo hi; echo oops >&2; exit 3"]);
    expect(ok).toMatchObject({ code: 3, signal: null, stdout: "hi\n", stderr: "oops\n" });
    await expect(launcher.run("/nonexistent/program", [])).rejects.toThrow(/cannot start a host process/);
    await expect(launcher.spawn("/nonexistent/program", [], { env, fds: 3, pass: [0, 1, 2] })).rejects.toThrow(
      /cannot start a host process/,
    );
  });

  test("if the launcher dies, its processes are reported gone and the next spawn starts a new one", async () => {
    const proc = await launcher.spawn("/bin/sleep", ["30"], { env, fds: 3, pass: [0, 1, 2] });
    const oldLauncher = await parentOf(proc.pid);
    const exited = new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
    const done = closed(proc);
    process.kill(oldLauncher, "SIGKILL");
    expect(await exited).toEqual({ code: null, signal: "SIGKILL" });
    // A plain program outlives it and holds its pipes (a sandbox does not: bwrap --die-with-parent).
    process.kill(proc.pid, "SIGKILL");
    expect(await done).toEqual({ code: null, signal: "SIGKILL" });
    const next = await launcher.spawn("/bin/sh", ["-c", "echo again; sleep 1"], { env, fds: 3, pass: [0, 1, 2] });
    const out = collect(next.stdout);
    expect(await parentOf(next.pid)).not.toBe(oldLauncher);
    expect(await out).toBe("again\n");
  });

  test("when the server dies, the launcher kills what it started and exits", async () => {
    const script = path.join(os.tmpdir(), `codeclass-launcher-${process.pid}.mts`);
    await fs.writeFile(
      script,
      `import { createLauncher } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/bwrap/launcher.ts"))};
const proc = await createLauncher().spawn("/bin/sleep", ["1238.5"], { env: { PATH: "/bin" }, fds: 3, pass: [0, 1, 2] });
console.log(JSON.stringify({ pid: process.pid, sleep: proc.pid }));
setInterval(() => {}, 1000);
`,
    );
    const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
    const child = spawn(tsx, [script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      expect(await waitFor(async () => out.includes("\n"), 20_000)).toBe(true);
      const { pid, sleep } = JSON.parse(out) as { pid: number; sleep: number };
      const launcherPid = await parentOf(sleep);
      expect(await hostProcesses("/bin/sleep 1238.5")).toHaveLength(1);
      process.kill(pid, "SIGKILL");
      expect(await waitFor(async () => (await hostProcesses("/bin/sleep 1238.5")).length === 0, 5000)).toBe(true);
      expect(
        await waitFor(
          async () =>
            !(await fs.stat(`/proc/${launcherPid}`).then(
              () => true,
              () => false,
            )),
          5000,
        ),
      ).toBe(true);
    } finally {
      child.kill("SIGKILL");
      await fs.rm(script, { force: true });
    }
  }, 60_000);
});
