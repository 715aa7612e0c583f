/**
 * The Docker driver's boxes against real Docker (no mocks): isolation, limits, streaming,
 * cleanup. Docker and the sandbox image must be present: these tests fail, never skip.
 */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { Duplex } from "node:stream";
import { finished } from "node:stream/promises";
import { promisify } from "node:util";
import Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Box, BoxProvider } from "../src/box.ts";
import { findContainerCgroup } from "../src/docker/cgroup.ts";
import type { DockerBox } from "../src/docker/docker-box.ts";
import { MarkerSplitter, runInLauncher } from "../src/docker/launcher.ts";
import { containerLabels, defaultImage, dockerProvider } from "../src/docker/provider.ts";
import { defaultLimits, type Limits } from "../src/limits.ts";

const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const limits = (over: Partial<Limits> = {}): Limits => ({ ...defaultLimits, ...over });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let provider: BoxProvider;
/** Why Docker cannot be used here; every test that needs it fails with this sentence (none is skipped). */
let unavailable: string | null = "not checked yet";
const opened: Box[] = [];

async function open(over: Partial<Limits> = {}, from: BoxProvider = provider): Promise<Box> {
  expect(unavailable, "Docker and the sandbox image are required").toBeNull();
  const box = await from.open(limits(over));
  opened.push(box);
  return box;
}

interface Ran {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs argv to completion with `stdin` (then EOF) and collects its output. */
async function run(
  box: Box,
  argv: string[],
  options: { env?: Record<string, string>; cpuMs?: number; fileSizeKb?: number; stdin?: string } = {},
): Promise<Ran> {
  const started = performance.now();
  const proc = await box.exec({
    argv,
    env: options.env ?? {},
    cpuMs: options.cpuMs ?? 5000,
    fileSizeKb: options.fileSizeKb ?? defaultLimits.fileSizeKb,
  });
  let stdout = "";
  let stderr = "";
  proc.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  proc.stdin.end(options.stdin ?? "");
  const [status] = await Promise.all([proc.exited, finished(proc.stdout), finished(proc.stderr)]);
  return { ...status, stdout, stderr, ms: performance.now() - started };
}

const py = (box: Box, code: string, options: Parameters<typeof run>[2] = {}) => run(box, ["python3", "-c", code], options);

/** Host pids whose command line is exactly `argv`. */
function hostProcesses(argv: string[]): number[] {
  const want = `${argv.join("\0")}\0`;
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8") === want) out.push(Number(name));
    } catch {}
  }
  return out;
}

async function containerExists(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

beforeAll(async () => {
  provider = dockerProvider();
  unavailable = await provider.unavailableReason();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.destroy()));
});

afterAll(async () => {
  await provider?.close();
  if (unavailable) return;
  // Every box was destroyed and close() removed the pool: nothing of this process is left.
  const left = await docker.listContainers({ all: true, filters: { label: [`${containerLabels.pid}=${process.pid}`] } });
  expect(left.map((c) => c.Id)).toEqual([]);
});

describe("availability", () => {
  test("Docker answers and the sandbox image exists", () => {
    expect(unavailable).toBeNull();
  });

  test("a sentence when the socket or the image is missing", async () => {
    const noSocket = dockerProvider({ socketPath: "/nonexistent/docker.sock", poolSize: 0 });
    expect(await noSocket.unavailableReason()).toBe(
      "Docker is not reachable at /nonexistent/docker.sock: start dockerd, or set SANDBOX_DRIVER=bwrap",
    );
    await noSocket.close();
    const noImage = dockerProvider({ image: "codeclass-no-such-image:latest", poolSize: 0 });
    expect(await noImage.unavailableReason()).toBe("the sandbox image codeclass-no-such-image:latest is missing: run pnpm sandbox:image");
    await expect(noImage.open(limits())).rejects.toThrow(/is missing: run pnpm sandbox:image/);
    await noImage.close();
  });
});

describe("files and identity", () => {
  test("writeFiles writes nested files that the programs read back", async () => {
    const box = await open();
    const long = `${"d".repeat(60)}/${"f".repeat(130)}.txt`;
    await box.writeFiles([
      { path: "main.py", content: "import pathlib\nprint(pathlib.Path('pkg/sub/data.txt').read_text(), end='')\n" },
      { path: "pkg/sub/data.txt", content: "héllo wörld ✓\nline 2\n" },
      { path: "pkg/other.txt", content: "" },
      { path: long, content: "long name" },
    ]);
    const r = await run(box, ["python3", "main.py"]);
    expect(r).toMatchObject({ exitCode: 0, signal: null, stdout: "héllo wörld ✓\nline 2\n", stderr: "" });
    const listing = await run(box, ["sh", "-c", `cat ${long}; echo; find . | sort; stat -c '%u %a %n' pkg/sub/data.txt pkg`]);
    expect(listing.stdout).toBe(
      `long name\n.\n./${long.split("/")[0]}\n./${long}\n./main.py\n./pkg\n./pkg/other.txt\n./pkg/sub\n./pkg/sub/data.txt\n65534 644 pkg/sub/data.txt\n65534 755 pkg\n`,
    );
  });

  test("exec writes its files in the same exec before the program starts; stdin follows intact", async () => {
    const box = await open({ fileSizeKb: 64 });
    const files = [
      { path: "main.py", content: "import sys\nprint(open('pkg/data.txt').read() + sys.stdin.read(), end='')\n" },
      { path: "pkg/data.txt", content: "from a file, " },
    ];
    const proc = await box.exec({ files, argv: ["python3", "main.py"], env: {}, cpuMs: 5000, fileSizeKb: 64 });
    let out = "";
    let err = "";
    proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    proc.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    proc.stdin.end("from stdin\n");
    expect(await proc.exited).toEqual({ exitCode: 0, signal: null });
    await finished(proc.stderr);
    expect([out, err]).toEqual(["from a file, from stdin\n", ""]);
    // A write that fails (here /box is full) rejects the exec: nothing runs.
    const big = [{ path: "big.txt", content: "x".repeat(200 * 1024) }];
    await expect(box.exec({ files: big, argv: ["touch", "ran"], env: {}, cpuMs: 1000, fileSizeKb: 64 })).rejects.toThrow(
      /writing files into the box failed \(exit 125\): tar: big\.txt/,
    );
    expect((await run(box, ["ls"])).stdout).not.toContain("ran");
  });

  test("arguments and environment reach the program exactly: quotes, newlines, $ and backticks stay literal", async () => {
    const box = await open();
    const tricky = ["a'b", 'c"d', "e\nf", "$HOME", "`id`", "$(id)", "\\", "", " x ", "; exit 9", "'\n'"];
    const r = await run(box, ["python3", "-c", "import json, os, sys; print(json.dumps([sys.argv[1:], os.environ['X']]))", ...tricky], {
      env: { X: "it's\n$PATH `id`" },
    });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([tricky, "it's\n$PATH `id`"]);
  });

  test("writeFiles replaces a symlink in the way instead of following it", async () => {
    const box = await open();
    await run(box, ["sh", "-c", "mkdir -p /tmp/elsewhere && ln -s /tmp/elsewhere pkg && ln -s /tmp/target.txt a.txt"]);
    await box.writeFiles([
      { path: "pkg/x.txt", content: "x" },
      { path: "a.txt", content: "a" },
    ]);
    const r = await run(box, [
      "sh",
      "-c",
      "ls -A /tmp/elsewhere; ls -A /tmp; test -d pkg && ! test -L pkg && ! test -L a.txt && cat pkg/x.txt a.txt",
    ]);
    expect(r.stdout).toBe("elsewhere\nxa");
  });

  test("the environment is exactly the given variables over PATH/LANG/HOME: nothing of the host", async () => {
    process.env.CODECLASS_TEST_SECRET = "hunter2-do-not-leak";
    try {
      const box = await open();
      const r = await py(box, "import os, json; print(json.dumps(dict(os.environ)))", {
        env: { FOO: "bar baz", PYTHONIOENCODING: "utf-8" },
      });
      expect(JSON.parse(r.stdout)).toEqual({
        PATH: "/usr/local/bin:/usr/bin:/bin",
        LANG: "C.UTF-8",
        HOME: "/box",
        FOO: "bar baz",
        PYTHONIOENCODING: "utf-8",
      });
      expect(r.stdout).not.toContain("hunter2");
      // The language's env may override a default.
      const go = await run(box, ["sh", "-c", "echo $HOME $PATH"], { env: { HOME: "/box/home", PATH: "/usr/bin:/bin" } });
      expect(go.stdout).toBe("/box/home /usr/bin:/bin\n");
    } finally {
      delete process.env.CODECLASS_TEST_SECRET;
    }
  });

  test("runs as 65534 without capabilities, in /box, in its own PID namespace", async () => {
    const box = await open();
    const r = await run(box, [
      "sh",
      "-c",
      "id -u; id -g; id -G; pwd; grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status; cat /proc/1/cmdline | tr '\\0\\n' '  '; echo; ps -e --no-headers | wc -l",
    ]);
    const [uid, gid, groups, cwd, capEff, capPrm, capBnd, init, count] = r.stdout.trim().split("\n");
    expect([uid, gid, groups, cwd]).toEqual(["65534", "65534", "65534", "/box"]);
    expect([capEff, capPrm, capBnd].map((l) => l!.split(/\s+/)[1])).toEqual(["0000000000000000", "0000000000000000", "0000000000000000"]);
    // PID 1 is the container's init, with the launcher (which runs a box's first command) under it.
    expect(init).toMatch(/^\/sbin\/docker-init -- sh -c /);
    // docker-init, the launcher, sh, ps, wc: nothing of the host is visible.
    expect(Number(count)).toBeLessThanOrEqual(6);
    const setuid = await run(box, ["sh", "-c", "grep NoNewPrivs /proc/self/status"]);
    expect(setuid.stdout).toMatch(/NoNewPrivs:\s+1/);
  });

  test("exit codes, and signals reported by name", async () => {
    const box = await open();
    expect(await run(box, ["sh", "-c", "exit 3"])).toMatchObject({ exitCode: 3, signal: null });
    expect(await run(box, ["sh", "-c", "kill -SEGV $$"])).toMatchObject({ exitCode: null, signal: "SIGSEGV" });
    expect(await run(box, ["sh", "-c", "exit 137"])).toMatchObject({ exitCode: null, signal: "SIGKILL" });
    expect(await run(box, ["no-such-program"])).toMatchObject({ exitCode: 127, signal: null });
  });
});

describe("isolation", () => {
  test("no network: only loopback, nothing reachable", async () => {
    const box = await open();
    const r = await py(
      box,
      [
        "import socket",
        "for host, port in [('127.0.0.1', 5432), ('1.1.1.1', 53)]:",
        "    s = socket.socket(); s.settimeout(3)",
        "    try: s.connect((host, port)); print(host, 'CONNECTED')",
        "    except OSError as e: print(host, type(e).__name__, e.errno)",
        "print(sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]))",
      ].join("\n"),
    );
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("127.0.0.1 ConnectionRefusedError 111");
    expect(lines[1]).toMatch(/^1\.1\.1\.1 OSError 101$/); // ENETUNREACH: no route at all
    expect(lines[2]).toBe("['lo']");
  });

  test("the root file system is read-only", async () => {
    const box = await open();
    const r = await py(
      box,
      [
        "import errno",
        "for p in ['/etc/x', '/usr/x', '/var/tmp/x', '/x']:",
        "    try: open(p, 'w').write('x'); print(p, 'WROTE')",
        "    except OSError as e: print(p, errno.errorcode[e.errno])",
        "print([l.split()[3].split(',')[0] for l in open('/proc/mounts') if l.split()[1] == '/'][0])",
      ].join("\n"),
    );
    // /var/tmp is world-writable in the image: only the read-only mount stops the write.
    expect(r.stdout).toBe("/etc/x EROFS\n/usr/x EROFS\n/var/tmp/x EROFS\n/x EROFS\nro\n");
    const writable = await run(box, ["sh", "-c", "echo ok > /box/f && echo ok > /tmp/f && cat /box/f /tmp/f"]);
    expect(writable.stdout).toBe("ok\nok\n");
  });

  test("/box holds at most fileSizeKb: one big file hits EFBIG (or SIGXFSZ), many hit ENOSPC", async () => {
    const box = await open({ fileSizeKb: 1024 });
    const one = await py(
      box,
      "import errno\ntry:\n    open('big', 'wb').write(b'x' * (2 << 20)); print('WROTE')\nexcept OSError as e: print(errno.errorcode[e.errno])",
      { fileSizeKb: 1024 },
    );
    expect(one.stdout).toBe("EFBIG\n");
    // A program that does not ignore SIGXFSZ dies of it.
    const shell = await run(box, ["sh", "-c", "rm big; head -c 2000000 /dev/zero > big2"], { fileSizeKb: 1024 });
    expect(shell.signal).toBe("SIGXFSZ");
    const many = await py(
      box,
      [
        "import errno, os",
        "os.remove('big2')",
        "try:",
        "    for i in range(10): open(f'part{i}', 'wb').write(b'x' * (300 << 10))",
        "    print('WROTE')",
        "except OSError as e: print(errno.errorcode[e.errno], i)",
      ].join("\n"),
      { fileSizeKb: 1024 },
    );
    expect(many.stdout).toMatch(/^ENOSPC [1-4]\n$/);
  });

  test("the process limit caps a fork bomb; the host is fine; killAll ends it", async () => {
    const box = await open({ processes: 16 });
    const count = await py(
      box,
      [
        "import os, time",
        "n = 0",
        "try:",
        "    while n < 1000:",
        "        if os.fork() == 0: time.sleep(60); os._exit(0)",
        "        n += 1",
        "except OSError as e: print(n, e.errno)",
      ].join("\n"),
    );
    const [forked, errno] = count.stdout.trim().split(" ").map(Number);
    expect(errno).toBe(11); // EAGAIN
    expect(forked).toBeLessThan(16);
    expect(forked).toBeGreaterThanOrEqual(10);
    await box.killAll();

    // A shell fork bomb: docker exec itself cannot start another process in the box now.
    const bomb = await box.exec({ argv: ["sh", "-c", "b() { b | b & }; b; sleep 60"], env: {}, cpuMs: 10_000, fileSizeKb: 1024 });
    await sleep(1500);
    const hostStarted = performance.now();
    await promisify(execFile)("true");
    expect(performance.now() - hostStarted).toBeLessThan(1000);
    const killStarted = performance.now();
    await box.killAll();
    const status = await Promise.race([bomb.exited, sleep(5000).then(() => "still running")]);
    console.log(`killAll of a fork bomb: ${Math.round(performance.now() - killStarted)} ms`);
    expect(status).not.toBe("still running");
    // The box stays usable for inspection.
    expect(await run(box, ["echo", "still here"])).toMatchObject({ exitCode: 0, stdout: "still here\n" });
  });

  test("the memory limit: the OOM killer fires and usage() says so", async () => {
    const box = await open({ memoryKb: 64 * 1024 });
    await box.resetUsage();
    const small = await py(box, "x = b'x' * (16 << 20); print(len(x))");
    expect(small.stdout).toBe("16777216\n");
    const fine = await box.usage();
    expect(fine.oomKilled).toBe(false);
    expect(fine.memoryKb).toBeGreaterThan(16 * 1024);
    expect(fine.memoryKb).toBeLessThan(64 * 1024);

    await box.resetUsage();
    const hog = await py(box, "chunks = []\nwhile True: chunks.append(b'x' * (8 << 20))");
    expect(hog).toMatchObject({ exitCode: null, signal: "SIGKILL" });
    const usage = await box.usage();
    expect(usage.oomKilled).toBe(true);
    expect(usage.memoryKb).toBeGreaterThan(48 * 1024);
    expect(usage.memoryKb).toBeLessThanOrEqual(64 * 1024);

    // Counted since the last reset: a later run is clean again.
    await box.resetUsage();
    await py(box, "pass");
    expect((await box.usage()).oomKilled).toBe(false);
  });

  test("after a compile, usage() counts the program, not the compiler's leftovers", async () => {
    const box = await open();
    await box.writeFiles([{ path: "main.c", content: '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' }]);
    await box.resetUsage();
    expect(await run(box, ["gcc", "-O2", "-o", "main", "main.c"])).toMatchObject({ exitCode: 0 });
    const compile = await box.usage();
    expect(compile.cpuMs).toBeGreaterThan(0);
    await box.resetUsage();
    expect(await run(box, ["./main"])).toMatchObject({ exitCode: 0, stdout: "hi\n" });
    const usage = await box.usage();
    expect(usage.memoryKb).toBeLessThan(8 * 1024);
    expect(usage.cpuMs).toBeLessThan(compile.cpuMs);
  });

  test("the CPU limit: SIGXCPU at ceil(cpuMs/1000) s, CPU time measured", async () => {
    const box = await open();
    await box.resetUsage();
    const r = await py(box, "while True: pass", { cpuMs: 1000 });
    expect(r).toMatchObject({ exitCode: null, signal: "SIGXCPU" });
    expect(r.ms).toBeLessThan(4000);
    const usage = await box.usage();
    // RLIMIT_CPU and the cgroup's clock differ a little on a loaded machine.
    expect(usage.cpuMs).toBeGreaterThanOrEqual(700);
    expect(usage.cpuMs).toBeLessThan(2500);
    // One CPU for the whole box: two busy processes share it.
    await box.resetUsage();
    const started = performance.now();
    await run(box, ["sh", "-c", "timeout 1 sh -c 'while :; do :; done' & timeout 1 sh -c 'while :; do :; done'; wait"]);
    const wall = performance.now() - started;
    const shared = await box.usage();
    expect(shared.cpuMs).toBeLessThan(wall + 150);
  });
});

describe("processes", () => {
  test("stdin streams both ways, and end() is EOF", async () => {
    const box = await open();
    const proc = await box.exec({
      argv: ["python3", "-u", "-c", "import sys\nfor line in sys.stdin: print('echo:' + line.strip())\nprint('eof')"],
      env: {},
      cpuMs: 5000,
      fileSizeKb: 1024,
    });
    let out = "";
    proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const until = async (text: string) => {
      for (let i = 0; i < 500 && !out.includes(text); i++) await sleep(10);
      expect(out).toContain(text);
    };
    proc.stdin.write("hello\n");
    await until("echo:hello\n");
    proc.stdin.write("second line\n");
    await until("echo:second line\n");
    proc.stdin.end();
    expect(await proc.exited).toEqual({ exitCode: 0, signal: null });
    await finished(proc.stdout);
    expect(out).toBe("echo:hello\necho:second line\neof\n");
    // Writing after the program is gone is not an error.
    proc.stdin.on("error", () => {});
  });

  test("large output arrives intact on the right streams", async () => {
    const box = await open();
    const r = await py(box, "import sys\nsys.stdout.write('o' * 3_000_000)\nsys.stderr.write('e' * 1_000_000)");
    expect(r.stdout.length).toBe(3_000_000);
    expect(r.stderr.length).toBe(1_000_000);
    expect(/^o+$/.test(r.stdout) && /^e+$/.test(r.stderr)).toBe(true);
  });

  test("killAll ends a sleeping exec promptly and is idempotent", async () => {
    const box = await open();
    const proc = await box.exec({ argv: ["sh", "-c", "sleep 300 & sleep 300"], env: {}, cpuMs: 5000, fileSizeKb: 1024 });
    await sleep(200);
    const started = performance.now();
    await Promise.all([box.killAll(), box.killAll()]);
    const status = await proc.exited;
    const ms = performance.now() - started;
    console.log(`killAll -> exited: ${Math.round(ms)} ms`);
    expect(status).toEqual({ exitCode: null, signal: "SIGKILL" });
    expect(ms).toBeLessThan(1000);
    await box.killAll();
    expect(await run(box, ["sh", "-c", "ps -e --no-headers -o args"])).toMatchObject({ stdout: expect.not.stringContaining("sleep 300") });
  });
});

describe("the first command (run by the launcher, without docker exec)", () => {
  test("killAll right after it starts kills it, and the box stays usable", async () => {
    for (let i = 0; i < 3; i++) {
      const box = await open();
      const proc = await box.exec({ argv: ["sleep", "300"], env: {}, cpuMs: 5000, fileSizeKb: 1024 });
      await box.killAll();
      expect(await Promise.race([proc.exited, sleep(3000).then(() => "still running")])).toEqual({ exitCode: null, signal: "SIGKILL" });
      // The box stays usable (later commands exec).
      expect(await run(box, ["echo", "next"])).toMatchObject({ exitCode: 0, stdout: "next\n" });
    }
  });

  test("output of a program's leftover background process after it exits is not part of its output", async () => {
    const box = await open();
    const r = await run(box, ["sh", "-c", "(sleep 0.3; echo late; echo late >&2) & echo early"]);
    expect(r).toMatchObject({ exitCode: 0, stdout: "early\n", stderr: "" });
  });
});

describe("lifecycle", () => {
  test("destroy removes the container and is idempotent", async () => {
    const box = await open();
    const id = (box as DockerBox).id;
    expect(await containerExists(id)).toBe(true);
    const running = await box.exec({ argv: ["sleep", "300"], env: {}, cpuMs: 5000, fileSizeKb: 1024 });
    await box.destroy();
    await box.destroy();
    expect(await containerExists(id)).toBe(false);
    const labelled = await docker.listContainers({ all: true, filters: { label: [`${containerLabels.sandbox}=1`] } });
    expect(labelled.map((c) => c.Id)).not.toContain(id);
    expect(await running.exited).toEqual({ exitCode: null, signal: "SIGKILL" });
    await expect(box.exec({ argv: ["true"], env: {}, cpuMs: 1000, fileSizeKb: 1024 })).rejects.toThrow();
  });

  test("nothing carries over: files in /box, /tmp and /dev/shm are gone in the next box", async () => {
    const first = await open();
    await run(first, ["sh", "-c", "echo secret > /box/left && echo secret > /tmp/left && echo secret > /dev/shm/left"]);
    await first.destroy();
    const second = await open();
    const r = await run(second, ["sh", "-c", "ls -A /box /tmp /dev/shm"]);
    expect(r.stdout).not.toContain("left");
  });

  test("a daemonized grandchild does not survive destroy", async () => {
    const box = await open();
    const marker = ["sleep", "987654"];
    await run(box, ["sh", "-c", "setsid nohup sleep 987654 > /dev/null 2>&1 &"]);
    await sleep(200);
    expect(hostProcesses(marker).length).toBe(1);
    await box.destroy();
    for (let i = 0; i < 100 && hostProcesses(marker).length > 0; i++) await sleep(20);
    expect(hostProcesses(marker)).toEqual([]);
  });

  test("the pool serves other memory/process limits by updating a started container", async () => {
    const pooled = dockerProvider({ poolSize: 1 });
    try {
      const since = Math.floor(Date.now() / 1000);
      expect(await pooled.unavailableReason()).toBeNull();
      const running = async () =>
        (await docker.listContainers({ filters: { label: [`${containerLabels.pid}=${process.pid}`], status: ["running"] } })).filter(
          (c) => c.Created >= since,
        );
      // The pool fills: its container runs (however long that takes on a loaded machine), and a moment more.
      for (let i = 0; i < 300 && (await running()).length === 0; i++) await sleep(50);
      await sleep(1500);
      const ready = new Set((await running()).map((c) => c.Id));
      const box = await open({ memoryKb: 128 * 1024, processes: 128 }, pooled);
      const info = await docker.getContainer((box as DockerBox).id).inspect();
      expect(ready.has(info.Id), "served from the pool: running before it was asked for").toBe(true);
      expect(info.HostConfig.Memory).toBe(128 * 1024 * 1024);
      expect(info.HostConfig.MemorySwap).toBe(128 * 1024 * 1024);
      expect(info.HostConfig.PidsLimit).toBe(128 + 2); // plus docker-init and the launcher
      const r = await py(box, "x = b'x' * (100 << 20); print('ok')");
      expect(r.stdout).toBe("ok\n");
    } finally {
      await pooled.close();
    }
  });

  test("a new provider removes containers a dead process left behind, not a live one's", async () => {
    const child = spawn("true");
    await new Promise((r) => child.once("exit", r));
    const deadPid = child.pid!;
    const make = (pid: number) =>
      docker.createContainer({
        Image: defaultImage,
        Cmd: ["sleep", "infinity"],
        Labels: { [containerLabels.sandbox]: "1", [containerLabels.pid]: String(pid), [containerLabels.host]: hostname() },
        HostConfig: { NetworkMode: "none" },
      });
    const orphan = await make(deadPid);
    const live = await make(process.ppid); // the vitest parent: alive, and not this provider's
    try {
      const fresh = dockerProvider({ poolSize: 0 });
      expect(await fresh.unavailableReason()).toBeNull();
      for (let i = 0; i < 100 && (await containerExists(orphan.id)); i++) await sleep(20);
      expect(await containerExists(orphan.id)).toBe(false);
      expect(await containerExists(live.id)).toBe(true);
      await fresh.close();
    } finally {
      await orphan.remove({ force: true }).catch(() => {});
      await live.remove({ force: true }).catch(() => {});
    }
  });
});

describe("the launcher's output markers", () => {
  test("output passes through at once; a marker is found across chunks and never leaks", () => {
    const marker = "codeclass-0123456789abcdef:";
    let data = "";
    const markers: string[] = [];
    const split = new MarkerSplitter(
      marker,
      (b) => (data += b.toString()),
      (t) => markers.push(t),
    );
    split.push(Buffer.from("echo:hello\n"));
    expect(data).toBe("echo:hello\n"); // nothing held back that cannot begin the marker
    split.push(Buffer.from("no newline, then codeclass-0123"));
    expect(data).toBe("echo:hello\nno newline, then ");
    split.push(Buffer.from("456789abcdef:exit 3"));
    split.push(Buffer.from("\ncodeclass-0 is not it\n"));
    expect(markers).toEqual(["exit 3"]);
    expect(data).toBe("echo:hello\nno newline, then codeclass-0 is not it\n");
  });
});

describe("the launcher's stream is bounded", () => {
  /** One frame of Docker's multiplexed attach stream (1 stdout, 2 stderr). */
  const frame = (stream: 1 | 2, data: Buffer | string) => {
    const body = Buffer.from(data);
    const head = Buffer.alloc(8);
    head.writeUInt8(stream, 0);
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };

  test("past 64 KiB outside the program's output the server stops reading and the command ends as an overflow", async () => {
    let written = "";
    const socket = new Duplex({
      read() {},
      write(chunk, _enc, cb) {
        written += chunk.toString();
        cb();
      },
    });
    const started = runInLauncher(
      docker,
      socket,
      ["true"],
      Buffer.alloc(0),
      (code) => ({ exitCode: code, signal: null }),
      () => {},
    );
    const marker = /^'(codeclass-[0-9a-f]+:)'/.exec(written)?.[1];
    expect(marker).toBeDefined();
    socket.push(frame(2, `${marker}ready\n`));
    const proc = await started;
    let output = "";
    proc.stdout.on("data", (d: Buffer) => (output += d));
    proc.stderr.resume();
    socket.push(frame(1, `program output\n${marker}end\n`));
    // A descendant left behind writes on: dropped, and bounded.
    for (let i = 0; i < 40 && !socket.destroyed; i++) {
      socket.push(frame(1, Buffer.alloc(4096, "x")));
      await sleep(1);
    }
    const status = await proc.exited;
    expect(socket.destroyed).toBe(true);
    expect(status.overflow).toMatch(/more than 64 KiB .*launcher/);
    expect(output).toBe("program output\n");
  });
});

describe("cgroup layouts (fake trees for those this machine does not have)", () => {
  const id = "f".repeat(64);
  let dir: string;
  const put = (path: string, text: string) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "codeclass-cgroup-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("cgroup v2 under system.slice (systemd driver), found through /proc/<pid>/cgroup", async () => {
    const root = join(dir, "v2");
    const scope = `sys/system.slice/docker-${id}.scope`;
    put("v2/sys/cgroup.controllers", "cpu memory pids\n");
    put(`v2/${scope}/memory.current`, "1048576\n");
    put(`v2/${scope}/memory.peak`, "4194304\n");
    put(`v2/${scope}/cpu.stat`, "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
    put(`v2/${scope}/memory.events`, "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n");
    put(`v2/${scope}/cgroup.procs`, "100\n101\n");
    put("v2/proc/100/cgroup", `0::/system.slice/docker-${id}.scope\n`);
    const cg = (await findContainerCgroup(id, 100, join(root, "sys"), join(root, "proc")))!;
    expect(cg.version).toBe(2);
    expect(await cg.cpuMs()).toBe(2500);
    expect(await cg.peakBytes()).toBe(4194304);
    expect(await cg.currentBytes()).toBe(1048576);
    expect(await cg.oomKills()).toBe(1);
    expect(await cg.pids()).toEqual([100, 101]);
    await cg.close();
  });

  test("cgroup v2 under /docker (cgroupfs driver), without /proc", async () => {
    put("v2b/cgroup.controllers", "cpu memory pids\n");
    put(`v2b/docker/${id}/memory.current`, "2048\n");
    put(`v2b/docker/${id}/cpu.stat`, "usage_usec 1000\n");
    const cg = (await findContainerCgroup(id, 0, join(dir, "v2b"), join(dir, "none")))!;
    expect(cg.version).toBe(2);
    expect(await cg.cpuMs()).toBe(1);
    // No memory.peak (Linux < 5.19): the current usage stands in.
    expect(await cg.peakBytes()).toBe(2048);
  });

  test("cgroup v1 with the systemd driver", async () => {
    const at = (c: string) => `v1s/${c}/system.slice/docker-${id}.scope`;
    put(`${at("memory")}/memory.max_usage_in_bytes`, "8388608\n");
    put(`${at("memory")}/memory.usage_in_bytes`, "4096\n");
    put(`${at("memory")}/memory.oom_control`, "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    put(`${at("cpuacct")}/cpuacct.usage`, "1500000000\n");
    put(`${at("pids")}/cgroup.procs`, "7\n");
    put(`${at("freezer")}/freezer.state`, "THAWED\n");
    const cg = (await findContainerCgroup(id, 0, join(dir, "v1s")))!;
    expect(cg.version).toBe(1);
    expect(await cg.cpuMs()).toBe(1500);
    expect(await cg.peakBytes()).toBe(8388608);
    expect(await cg.oomKills()).toBe(2);
    expect(await cg.pids()).toEqual([7]);
  });

  test("nothing visible: null (usage then comes from the stats API, killAll stops the container)", async () => {
    expect(await findContainerCgroup(id, 0, join(dir, "empty"))).toBeNull();
  });
});

describe("latency", () => {
  test("open() with and without the pool, and a python exec", async () => {
    expect(unavailable).toBeNull();
    const unpooled = dockerProvider({ poolSize: 0 });
    const fresh: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const box = await unpooled.open(limits());
      fresh.push(performance.now() - t);
      await box.destroy();
    }
    await unpooled.close();

    const pooled: number[] = [];
    for (let i = 0; i < 5; i++) {
      await sleep(800); // let the pool refill, as between real runs
      const t = performance.now();
      const box = await open();
      pooled.push(performance.now() - t);
      await box.destroy();
    }

    const box = await open();
    const execs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await py(box, "print(1)");
      expect(r.stdout).toBe("1\n");
      execs.push(r.ms);
    }
    const fmt = (xs: number[]) => `median ${Math.round(median(xs))} ms (${xs.map((x) => Math.round(x)).join(", ")})`;
    console.log(`open() without pool: ${fmt(fresh)}`);
    console.log(`open() from pool:    ${fmt(pooled)}`);
    console.log(`exec python3 -c 'print(1)': ${fmt(execs)}`);
    expect(median(pooled)).toBeLessThan(median(fresh));
  });
});
