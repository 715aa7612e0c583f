/**
 * What every driver's box promises (the Box interface), tested once against each driver (no mocks):
 * files, identity, isolation, limits, streaming, cleanup. What only one driver does is in
 * docker-box.test.ts and bwrap-box.test.ts. A missing driver fails these tests, never skips them.
 */
import { promises as fs } from "node:fs";
import net from "node:net";
import path from "node:path";
import { finished } from "node:stream/promises";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Box, BoxProvider } from "../src/box.ts";
import type { BwrapBox } from "../src/bwrap/box.ts";
import { parseDiagnostics } from "../src/diagnostics.ts";
import type { Limits } from "../src/limits.ts";
import { settle, startRun } from "../src/run.ts";
import type { RunEvent, RunRequest } from "../src/types.ts";
import { drivers, ready, runToEnd } from "./drivers.ts";
import { execFileP, limits, py, run, sh, sleep, waitFor } from "./helpers.ts";

/** Where the drivers differ in what they count, by design: each driver keeps its own bounds. */
const per = {
  docker: {
    /** PID 1 of the box: the container's init, with the launcher (which runs a box's first command) under it. */
    init: /^\/sbin\/docker-init -- sh -c /,
    /** The process limit, and how many forks it leaves to a program (docker-init and the launcher count). */
    forks: { processes: 16, min: 10, max: 15 },
    /** RLIMIT_CPU and the cgroup's clock differ a little on a loaded machine. */
    cpu: { min: 700, max: 2500, wallMs: 4000 },
    /** Signal 6 by the name Node finds first for it. */
    abort: "SIGIOT",
    /** What the program's stderr holds after SIGXCPU: here the launcher's shell reports it (not asserted). */
    xcpuStderr: undefined,
  },
  bwrap: {
    init: /^\/init -c /,
    forks: { processes: 10, min: 5, max: 9 }, // python itself is one of the 10
    cpu: { min: 700, max: 3000, wallMs: 15_000 }, // CPU seconds: slower on a busy machine; the cgroup may count a little under 1 s
    abort: "SIGABRT",
    xcpuStderr: "",
  },
} as const;

describe.each(drivers)("a box on %s", (name, make) => {
  let provider: BoxProvider;
  const opened: Box[] = [];
  const open = async (over: Partial<Limits> = {}) => {
    const box = await provider.open(limits(over));
    opened.push(box);
    return box;
  };
  beforeAll(async () => {
    provider = await ready(make);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.destroy()));
  });
  afterAll(async () => {
    await provider?.close();
  });

  describe("files and identity", () => {
    test("writeFiles writes nested files that the programs read back, owned by the box user", async () => {
      const box = await open();
      const long = `${"d".repeat(60)}/${"f".repeat(130)}.txt`;
      await box.writeFiles([
        { path: "main.py", content: "import pathlib\nprint(pathlib.Path('pkg/sub/data.txt').read_text(), end='')\n" },
        { path: "up.py", content: "print(open('pkg/sub/data.txt').read().upper(), end='')\n" },
        { path: "pkg/sub/data.txt", content: "héllo wörld ✓\nline 2\n" },
        { path: "pkg/other.txt", content: "" },
        { path: long, content: "long name" },
      ]);
      const r = await run(box, ["python3", "main.py"]);
      expect(r).toMatchObject({ exitCode: 0, signal: null, stdout: "héllo wörld ✓\nline 2\n", stderr: "" });
      expect(await run(box, ["python3", "up.py"])).toMatchObject({ stdout: "HÉLLO WÖRLD ✓\nLINE 2\n", exitCode: 0 });
      const listing = await sh(box, `cat ${long}; echo; find . | sort; stat -c '%u %a %n' pkg/sub/data.txt pkg`);
      expect(listing.stdout).toBe(
        `long name\n.\n./${long.split("/")[0]}\n./${long}\n./main.py\n./pkg\n./pkg/other.txt\n./pkg/sub\n./pkg/sub/data.txt\n./up.py\n65534 644 pkg/sub/data.txt\n65534 755 pkg\n`,
      );
      // The box user owns them (may rewrite its own sources), and they start in /box.
      expect((await sh(box, "stat -c '%u:%g %a' main.py pkg && pwd && echo changed > main.py && cat main.py")).stdout).toBe(
        "65534:65534 644\n65534:65534 755\n/box\nchanged\n",
      );
    });

    test("exec writes its files before the program starts; stdin follows intact", async () => {
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
      await Promise.all([finished(proc.stdout), finished(proc.stderr)]);
      expect([out, err]).toEqual(["from a file, from stdin\n", ""]);
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

    test("the environment is exactly the given variables over PATH/LANG/HOME: nothing of the host", async () => {
      process.env.CODECLASS_TEST_SECRET = "hunter2-do-not-leak";
      try {
        const box = await open();
        const defaults = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8", HOME: "/box" };
        const r = await py(box, "import os, json; print(json.dumps(dict(os.environ)))", {
          env: { FOO: "bar baz", PYTHONIOENCODING: "utf-8" },
        });
        expect(JSON.parse(r.stdout)).toEqual({ ...defaults, FOO: "bar baz", PYTHONIOENCODING: "utf-8" });
        expect(r.stdout).not.toContain("hunter2");
        // As env(1) sees it: no PWD from bwrap's --chdir, nothing else either.
        const listed = await run(box, ["env"], { env: { FOO: "bar baz", PYTHONUNBUFFERED: "1" } });
        const env = Object.fromEntries(
          listed.stdout
            .trim()
            .split("\n")
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
        expect(env).toEqual({ ...defaults, FOO: "bar baz", PYTHONUNBUFFERED: "1" });
        expect(listed.stdout).not.toContain("hunter2");
        // The language's env may override a default (Go sets its own HOME, for instance).
        const go = await sh(box, "echo $HOME $PATH", { env: { HOME: "/box/home", PATH: "/usr/bin:/bin" } });
        expect(go.stdout).toBe("/box/home /usr/bin:/bin\n");
        expect((await sh(box, 'echo "$HOME"', { env: { HOME: "/box/home" } })).stdout).toBe("/box/home\n");
      } finally {
        delete process.env.CODECLASS_TEST_SECRET;
      }
    });

    test("runs as 65534 without capabilities, in /box, in its own PID namespace", async () => {
      const box = await open();
      const r = await sh(
        box,
        "id -u; id -g; id -G; pwd; grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status; cat /proc/1/cmdline | tr '\\0\\n' '  '; echo; ps -e --no-headers | wc -l",
      );
      const [uid, gid, groups, cwd, capEff, capPrm, capBnd, init, count] = r.stdout.trim().split("\n");
      expect([uid, gid, groups, cwd]).toEqual(["65534", "65534", "65534", "/box"]);
      expect([capEff, capPrm, capBnd].map((l) => l!.split(/\s+/)[1])).toEqual(["0000000000000000", "0000000000000000", "0000000000000000"]);
      expect(init).toMatch(per[name].init);
      // The box's init (and the launcher, on Docker), sh, ps, wc: nothing of the host is visible.
      expect(Number(count)).toBeLessThanOrEqual(6);
      expect((await sh(box, "grep NoNewPrivs /proc/self/status")).stdout).toMatch(/NoNewPrivs:\s+1/);
    });

    test("exit codes, and signals reported by name", async () => {
      const box = await open();
      expect(await sh(box, "exit 3")).toMatchObject({ exitCode: 3, signal: null });
      expect(await sh(box, "kill -SEGV $$")).toMatchObject({ exitCode: null, signal: "SIGSEGV" });
      expect(await sh(box, "kill -ABRT $$")).toMatchObject({ exitCode: null, signal: per[name].abort });
      expect(await sh(box, "exit 137")).toMatchObject({ exitCode: null, signal: "SIGKILL" });
      // As a shell reports it: 127 for a command not found.
      expect(await run(box, ["no-such-program"])).toMatchObject({ exitCode: 127, signal: null });
    });
  });

  describe("isolation", () => {
    test("no network: only a loopback, nothing of the host reachable", async () => {
      // A server on the host's loopback: the box has its own, so it must not reach it.
      const server = net.createServer((s) => s.end("hi")).listen(0, "127.0.0.1");
      await new Promise((r) => server.once("listening", r));
      const port = (server.address() as net.AddressInfo).port;
      try {
        const box = await open();
        const r = await py(
          box,
          [
            "import socket",
            "print(sorted(name for _, name in socket.if_nameindex()))",
            "print(sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]))",
            `for host, port in [('127.0.0.1', ${port}), ('127.0.0.1', 5432), ('1.1.1.1', 53), ('8.8.8.8', 443)]:`,
            "    s = socket.socket(); s.settimeout(3)",
            "    try: s.connect((host, port)); print(host, port, 'CONNECTED')",
            "    except OSError as e: print(host, port, 'failed', type(e).__name__, e.errno)",
            "try: socket.getaddrinfo('example.com', 80); print('dns ok')",
            "except OSError as e: print('dns failed')",
          ].join("\n"),
        );
        expect(r.exitCode).toBe(0);
        const lines = r.stdout.trim().split("\n");
        expect(lines.slice(0, 2)).toEqual(["['lo']", "['lo']"]);
        expect(lines[3]).toBe("127.0.0.1 5432 failed ConnectionRefusedError 111");
        expect(lines[4]).toBe("1.1.1.1 53 failed OSError 101"); // ENETUNREACH: no route at all
        expect(r.stdout).not.toContain("CONNECTED");
        expect(r.stdout.match(/failed/g)).toHaveLength(5);
      } finally {
        server.close();
      }
    });

    test("system dirs are read-only; /box and /tmp are writable", async () => {
      const box = await open();
      const r = await sh(
        box,
        'for d in /usr /etc /opt /bin /lib / /proc/sys/kernel; do touch $d/x 2>/dev/null && echo "$d writable"; done; touch /box/x /tmp/x && echo ok',
      );
      expect(r.stdout).toBe("ok\n");
      const writable = await sh(box, "echo ok > /box/f && echo ok > /tmp/f && cat /box/f /tmp/f");
      expect(writable.stdout).toBe("ok\nok\n");
    });

    test("/box holds at most fileSizeKb: one big file hits EFBIG (or SIGXFSZ), many hit ENOSPC; /tmp and /dev/shm hold 16 MiB", async () => {
      const box = await open({ fileSizeKb: 1024 });
      const one = await py(
        box,
        "import errno\ntry:\n    open('big', 'wb').write(b'x' * (2 << 20)); print('WROTE')\nexcept OSError as e: print(errno.errorcode[e.errno])",
        { fileSizeKb: 1024 },
      );
      expect(one.stdout).toBe("EFBIG\n");
      // A program that does not ignore SIGXFSZ dies of it.
      const shell = await sh(box, "rm big; head -c 2000000 /dev/zero > big2", { fileSizeKb: 1024 });
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
      // Many small files (each under RLIMIT_FSIZE): the tmpfs itself runs out.
      const full = await sh(
        box,
        "rm -f part*; df -k /box | tail -n 1; i=0; while head -c 65536 /dev/zero > f$i; do i=$((i+1)); [ $i -gt 100 ] && break; done; echo files=$i",
        { fileSizeKb: 4096 },
      );
      expect(full.stdout).toMatch(/^\S+\s+1024\s/);
      expect(Number(full.stdout.match(/files=(\d+)/)![1])).toBeLessThan(17);
      expect(full.stderr).toContain("No space left on device");
      const tmp = await sh(box, "head -c 20000000 /dev/zero > /tmp/big; echo rc=$?; df -k /tmp /dev/shm | tail -n 2", {
        fileSizeKb: 32768,
      });
      expect(tmp.stdout).toMatch(/rc=1\n\S+\s+16384\s.*\n\S+\s+16384\s/);
      expect(tmp.stderr).toContain("No space left on device");
      // One file over fileSizeKb (in a /tmp with room again): SIGXFSZ for the writer.
      const big = await sh(box, "rm /tmp/big; exec dd if=/dev/zero of=/tmp/one bs=1k count=200", { fileSizeKb: 64 });
      expect(big).toMatchObject({ exitCode: null, signal: "SIGXFSZ" });
    });
  });

  describe("limits", () => {
    test("the process limit caps a fork bomb; the host is fine; killAll ends it", async () => {
      const { processes, min, max } = per[name].forks;
      const box = await open({ processes });
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
      expect(forked).toBeLessThanOrEqual(max);
      expect(forked).toBeGreaterThanOrEqual(min);
      await box.killAll();

      // A shell fork bomb: the box cannot start another process now; the host can.
      const bomb = await box.exec({ argv: ["sh", "-c", "b() { b | b & }; b; sleep 60"], env: {}, cpuMs: 10_000, fileSizeKb: 1024 });
      bomb.stdin.end();
      await sleep(1500);
      const hostStarted = performance.now();
      await execFileP("true");
      expect(performance.now() - hostStarted).toBeLessThan(1000);
      const killStarted = performance.now();
      await box.killAll();
      const status = await Promise.race([bomb.exited, sleep(5000).then(() => "still running")]);
      console.log(`killAll of a fork bomb on ${name}: ${Math.round(performance.now() - killStarted)} ms`);
      expect(status).toMatchObject({ signal: "SIGKILL" });
      // bwrap's boxes are cgroups of the host: every process of the box is gone from them.
      if (name === "bwrap")
        for (const dir of (box as BwrapBox).cgroupDirs) expect((await fs.readFile(path.join(dir, "cgroup.procs"), "utf8")).trim()).toBe("");
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

      for (const chunk of [8 << 20, 1 << 20]) {
        await box.resetUsage();
        const hog = await py(box, `chunks = []\nwhile True: chunks.append(b'x' * ${chunk})`);
        expect(hog).toMatchObject({ exitCode: null, signal: "SIGKILL" });
        const usage = await box.usage();
        expect(usage.oomKilled).toBe(true);
        expect(usage.memoryKb).toBeGreaterThan(48 * 1024);
        expect(usage.memoryKb).toBeLessThanOrEqual(64 * 1024);
      }

      // Counted since the last reset: a later run is clean again, and not blamed.
      await box.resetUsage();
      expect(await run(box, ["true"])).toMatchObject({ exitCode: 0 });
      const after = await box.usage();
      expect(after.oomKilled).toBe(false);
      expect(after.memoryKb).toBeLessThan(48 * 1024);
    });

    test("the CPU limit: SIGXCPU at ceil(cpuMs/1000) s, CPU time measured; SIGKILL a second later", async () => {
      const bounds = per[name].cpu;
      const box = await open();
      await box.resetUsage();
      const r = await py(box, "while True: pass", { cpuMs: 1000 });
      expect(r).toMatchObject({ exitCode: null, signal: "SIGXCPU" });
      const { xcpuStderr } = per[name];
      if (xcpuStderr !== undefined) expect(r.stderr).toBe(xcpuStderr);
      expect(r.ms).toBeLessThan(bounds.wallMs);
      const usage = await box.usage();
      expect(usage.cpuMs).toBeGreaterThanOrEqual(bounds.min);
      expect(usage.cpuMs).toBeLessThan(bounds.max);
      expect(usage.oomKilled).toBe(false);
      await box.resetUsage();
      expect((await box.usage()).cpuMs).toBeLessThan(50);
      // A program that ignores SIGXCPU is killed one second later (the hard limit).
      const stubborn = await py(box, "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True: pass", { cpuMs: 1000 });
      expect(stubborn).toMatchObject({ exitCode: null, signal: "SIGKILL" });
    }, 60_000);

    test("the box gets one CPU's worth of time, and the OOM killer picks it first", async () => {
      const box = await open();
      await box.resetUsage();
      const started = performance.now();
      await sh(box, "timeout 1 sh -c 'while :; do :; done' & timeout 1 sh -c 'while :; do :; done'; wait");
      const wall = performance.now() - started;
      expect((await box.usage()).cpuMs).toBeLessThan(wall + 150);
      // Two processes spinning for 1.5 s of wall time: with one CPU of bandwidth, about 1.5 s of CPU, not 3.
      await box.resetUsage();
      const script = "import os, time\nos.fork()\nend = time.time() + 1.5\nwhile time.time() < end: pass";
      expect(await py(box, script)).toMatchObject({ exitCode: 0 });
      expect((await box.usage()).cpuMs).toBeLessThan(2000);
      expect((await sh(box, "cat /proc/self/oom_score_adj")).stdout).toBe("1000\n");
    });
  });

  describe("processes", () => {
    test("stdin streams both ways, and end() is EOF", async () => {
      const box = await open();
      const proc = await box.exec({
        argv: ["python3", "-u", "-c", "import sys\nfor line in sys.stdin: print('echo:' + line.strip())\nprint('eof')"],
        env: {},
        cpuMs: 5000,
        fileSizeKb: 64,
      });
      let out = "";
      const waitOut = (s: string) => waitFor(async () => out.includes(s), 5000);
      proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      proc.stdin.write("hello\n");
      expect(await waitOut("echo:hello\n")).toBe(true);
      proc.stdin.write("second line\n");
      expect(await waitOut("echo:second line\n")).toBe(true);
      expect(out).not.toContain("eof");
      proc.stdin.end();
      expect(await proc.exited).toEqual({ exitCode: 0, signal: null });
      await finished(proc.stdout);
      expect(out).toBe("echo:hello\necho:second line\neof\n");
      // Writing after the program is gone is not an error.
      proc.stdin.on("error", () => {});
    });

    test("killAll ends a sleeping exec promptly, is idempotent, and the box stays usable", async () => {
      const box = await open();
      const proc = await box.exec({ argv: ["sh", "-c", "sleep 300 & sleep 300"], env: {}, cpuMs: 5000, fileSizeKb: 1024 });
      await sleep(200);
      const started = performance.now();
      await Promise.all([box.killAll(), box.killAll()]);
      const status = await proc.exited;
      const ms = performance.now() - started;
      console.log(`killAll -> exited on ${name}: ${Math.round(ms)} ms`);
      expect(status).toEqual({ exitCode: null, signal: "SIGKILL" });
      expect(ms).toBeLessThan(1000);
      await box.killAll();
      expect(await sh(box, "ps -e --no-headers -o args")).toMatchObject({ stdout: expect.not.stringContaining("sleep 300") });
      expect(await sh(box, "echo still here")).toMatchObject({ stdout: "still here\n", exitCode: 0 });
    });
  });

  describe("lifecycle", () => {
    test("nothing carries over: files in /box, /tmp and /dev/shm are gone in the next box", async () => {
      const first = await open();
      expect(await sh(first, "echo secret > /box/left && echo secret > /tmp/left && echo secret > /dev/shm/left")).toMatchObject({
        exitCode: 0,
      });
      await first.destroy();
      const second = await open();
      expect((await sh(second, "ls -A /box /tmp /dev/shm")).stdout).toBe("/box:\n\n/dev/shm:\n\n/tmp:\n");
    });
  });
  describe("runs: input waits, limits, the syntax check", () => {
    /** Starts an interactive run; resolves `waiting` once an "input" event says so. */
    async function interactiveRun(request: Omit<RunRequest, "interactive">) {
      const events: RunEvent[] = [];
      let onWaiting = () => {};
      const waiting = new Promise<void>((r) => (onWaiting = r));
      const handle = await startRun(provider, { ...request, interactive: true }, (e) => {
        events.push(e);
        if (e.type === "input" && e.waiting) onWaiting();
      });
      return {
        handle,
        events,
        waiting,
        inputs: () => events.filter((e) => e.type === "input").map((e) => (e as { waiting: boolean }).waiting),
      };
    }
    afterEach(async () => {
      await settle(provider);
    });

    test("the idle limit ends a run that never gets its input, and says so", async () => {
      const run = await interactiveRun({
        language: "python",
        files: [{ path: "main.py", content: "print(input('name? '))\n" }],
        limits: { idleMs: 2000 },
      });
      const r = await run.handle.done;
      expect(r).toMatchObject({
        verdict: "TIME_LIMIT",
        timeLimit: "idle",
        stdout: "name? ",
        message: "Stopped: the program waited more than 2 s for input",
      });
      expect(r.inputWaitMs).toBeGreaterThanOrEqual(2000);
      expect(r.inputWaitMs).toBeLessThan(6000);
      // The waiting time is not wall time: the wall limit (30 s) was never near.
      expect(r.wallMs).toBeLessThan(2000);
      expect(run.inputs()).toEqual([true, false]);
    });

    test("the waiting signal comes when the program blocks on input and clears when input arrives (Python, Node)", async () => {
      const programs: RunRequest[] = [
        {
          language: "python",
          files: [
            {
              path: "main.py",
              content: "import time\nx = input('x? ')\nend = time.time() + 1\nwhile time.time() < end: pass\nprint('got', x)\n",
            },
          ],
        },
        {
          language: "javascript",
          files: [
            {
              path: "main.js",
              content:
                "const rl = require('readline').createInterface({ input: process.stdin });\nprocess.stdout.write('x? ');\nrl.once('line', (x) => { rl.close(); process.stdin.destroy(); const end = Date.now() + 1000; while (Date.now() < end); console.log('got', x); });\n",
            },
          ],
        },
      ];
      for (const request of programs) {
        const run = await interactiveRun(request);
        // Bounded: a signal that never comes fails here with what did come, and the run is stopped.
        const signalled = await Promise.race([run.waiting.then(() => true), sleep(15_000).then(() => false)]);
        if (!signalled) run.handle.cancel();
        expect(signalled, `${request.language}: no waiting signal within 15 s; events: ${JSON.stringify(run.events)}`).toBe(true);
        expect(run.events.some((e) => e.type === "stdout" && e.data.includes("x? "))).toBe(true);
        const waitingAt = run.events.length;
        run.handle.write("42\n");
        // Busy for a second after the answer: the signal clears while the program still runs.
        expect(await waitFor(async () => run.events.slice(waitingAt).some((e) => e.type === "input" && !e.waiting), 5000)).toBe(true);
        const r = await run.handle.done;
        expect(r).toMatchObject({ verdict: "OK", stdout: "x? got 42\n" });
        expect(run.inputs()).toEqual([true, false]);
      }
      // Lines given ahead are read without ever waiting: no signal at all (stdin stays open, then closes).
      const lines = await interactiveRun({
        language: "python",
        files: [{ path: "main.py", content: "total = sum(int(input()) for _ in range(300))\nprint(total)\n" }],
        stdin: Array.from({ length: 300 }, (_, i) => `${i}\n`).join(""),
      });
      expect(await lines.handle.done).toMatchObject({ verdict: "OK", stdout: `${(299 * 300) / 2}\n` });
      expect(lines.inputs()).toEqual([]);
      // Three runs, two of them busy for a second: on a loaded machine a container each takes a while.
    }, 60_000);

    test("busy or asleep is not waiting for input: the CPU and wall limits still end it, with figures that agree", async () => {
      const spin = await interactiveRun({
        language: "python",
        files: [{ path: "main.py", content: "while True: pass\n" }],
        limits: { cpuMs: 1000, wallMs: 10_000 },
      });
      const busy = await spin.handle.done;
      expect(busy).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "cpu" });
      // The limit is enforced on the figure reported: over it, and the message says both.
      expect(busy.cpuMs).toBeGreaterThan(1000);
      expect(busy.message).toBe(`Time limit exceeded: ${(busy.cpuMs / 1000).toFixed(2)} s of CPU time; the limit is 1 s`);
      expect(spin.inputs()).toEqual([]);
      const nap = await interactiveRun({
        language: "python",
        files: [{ path: "main.py", content: "import time\ntime.sleep(1000)\n" }],
        limits: { wallMs: 1500 },
      });
      const asleep = await nap.handle.done;
      expect(asleep).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "wall", message: "Time limit exceeded: still running after 1.5 s" });
      expect(asleep.wallMs).toBeGreaterThanOrEqual(1500);
      expect(asleep.inputWaitMs).toBeUndefined();
      expect(nap.inputs()).toEqual([]);
    });

    test("a Python syntax error is a COMPILE_ERROR before anything runs, with its file and line", async () => {
      const r = await runToEnd(provider, {
        language: "python",
        files: [
          { path: "main.py", content: "import helper\nprint('ran')\n" },
          { path: "helper.py", content: "def f():\n    return 1\n\nprint('imported'\n" },
        ],
      });
      expect(r).toMatchObject({ verdict: "COMPILE_ERROR", stdout: "", stderr: "" });
      expect(r.compileOutput).toContain("SyntaxError: '(' was never closed");
      expect(r.compileOutput).not.toContain("codeclass-check");
      expect(r.events.some((e) => e.type === "compile")).toBe(true);
      expect(parseDiagnostics("python", r.compileOutput)).toEqual([
        { file: "helper.py", line: 4, severity: "error", message: "SyntaxError: '(' was never closed" },
      ]);
      // A program whose stderr looks like a marker is still the program's own output.
      const fake = await runToEnd(provider, {
        language: "python",
        files: [{ path: "main.py", content: "import sys\nsys.stderr.write('codeclass-check-0\\nnot a syntax error\\n')\n" }],
      });
      expect(fake).toMatchObject({ verdict: "OK", stderr: "codeclass-check-0\nnot a syntax error\n", compileOutput: "" });
    });
  });
});

/**
 * The case: a prompt answered after 45 s still runs (wall limit at its default of 30 s).
 * One test per driver, run at the same time, each with its own provider.
 */
describe("a slow typist", () => {
  test.concurrent.each(drivers)(
    "%s: a prompt answered after 45 s still runs to OK",
    async (_name, make) => {
      const provider = await ready(make);
      try {
        const events: RunEvent[] = [];
        let onWaiting = () => {};
        const waiting = new Promise<void>((r) => (onWaiting = r));
        const handle = await startRun(
          provider,
          { language: "python", files: [{ path: "main.py", content: "name = input('name? ')\nprint('hi', name)\n" }], interactive: true },
          (e) => {
            events.push(e);
            if (e.type === "input" && e.waiting) onWaiting();
          },
        );
        await waiting;
        await sleep(45_000);
        handle.write("Grace\n");
        const r = await handle.done;
        expect(r).toMatchObject({ verdict: "OK", stdout: "name? hi Grace\n" });
        expect(r.inputWaitMs).toBeGreaterThanOrEqual(45_000);
        expect(r.wallMs).toBeLessThan(5000);
        // It said it was waiting, and it does not end saying so. (Under load, Docker's exec can show one
        // more short wait as the answer arrives: the signals alternate, but their number is not fixed.)
        const signals = events.flatMap((e) => (e.type === "input" ? [e.waiting] : []));
        expect(signals[0]).toBe(true);
        expect(signals.at(-1)).toBe(false);
        expect(signals.every((w, i) => i === 0 || w !== signals[i - 1])).toBe(true);
      } finally {
        await settle(provider);
        await provider.close();
      }
    },
    120_000,
  );
});
