import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BoxProvider } from "../src/box.ts";
import { type Build, openBuild } from "../src/build.ts";
import { bwrapProvider } from "../src/bwrap/provider.ts";
import { settle, startRun } from "../src/run.ts";
import { ready } from "./drivers.ts";

// bubblewrap runs a build's tests one after another in one sandbox while each leaves nothing
// behind (BwrapBox.execWithInput). The program's pid tells which: a new sandbox's program is pid 2
// (pid 1 is the sandbox's shell), a kept sandbox's next program has a higher one.
describe("bubblewrap: a build's tests share a sandbox only while they leave nothing behind", () => {
  let provider: BoxProvider;
  beforeAll(async () => {
    provider = await ready(() => bwrapProvider());
  });
  afterAll(async () => {
    await settle(provider);
    await provider.close();
  });

  const withBuild = async (program: string, f: (build: Build) => Promise<void>) => {
    const build = await openBuild(provider, { language: "python", files: [{ path: "main.py", content: program }] });
    try {
      expect(build.compile.ok).toBe(true);
      await f(build);
    } finally {
      await build.close();
    }
  };

  test("clean runs share one sandbox; each gets exactly its own stdin, stdout, stderr and status", async () => {
    const program = [
      "import os, sys",
      "data = sys.stdin.buffer.read()",
      "mode = data[:4]",
      "sys.stdout.write(str(os.getpid()) + ' ')",
      "sys.stdout.flush()",
      "if mode == b'echo': sys.stdout.buffer.write(data[4:])",
      "elif mode == b'big!': sys.stdout.write('x' * 300000); sys.stderr.write('y' * 200000)",
      "elif mode == b'mark': sys.stdout.write('codeclass-end-'); sys.stderr.write('codeclass-done 0 0 clean\\n')",
      "elif mode == b'exit': sys.exit(int(data[4:]))",
      "elif mode == b'kill': os.kill(os.getpid(), 9)",
      "elif mode == b'shut': os.close(1); os.close(2)",
    ].join("\n");
    await withBuild(program, async (build) => {
      const runs = [
        await build.run({ share: true, stdin: "echoline one\nline two" }),
        await build.run({ share: true, stdin: "echo\u0000\u00ff binary, no newline" }),
        await build.run({ share: true, stdin: "big!" }),
        await build.run({ share: true, stdin: "mark" }),
        await build.run({ share: true, stdin: "exit3" }),
        await build.run({ share: true, stdin: "kill" }),
        await build.run({ share: true, stdin: "shut" }),
        await build.run({ share: true, stdin: "echo" }),
      ];
      const pids = runs.map((r) => Number(r.stdout.split(" ")[0]));
      // One sandbox for all: its pids only grow.
      expect(pids[0]).toBe(2);
      for (let i = 1; i < pids.length; i++) expect(pids[i]).toBeGreaterThan(pids[i - 1]!);
      const rest = runs.map((r) => r.stdout.slice(r.stdout.indexOf(" ") + 1));
      expect(rest[0]).toBe("line one\nline two");
      expect(rest[1]).toBe("\u0000\u00ff binary, no newline");
      expect([rest[2]!.length, runs[2]!.stderr.length]).toEqual([300000, 200000]);
      expect([rest[3], runs[3]!.stderr]).toEqual(["codeclass-end-", "codeclass-done 0 0 clean\n"]);
      expect(runs.map((r) => [r.verdict, r.exitCode, r.signal])).toEqual([
        ["OK", 0, null],
        ["OK", 0, null],
        ["OK", 0, null],
        ["OK", 0, null],
        ["RUNTIME_ERROR", 3, null],
        ["RUNTIME_ERROR", null, "SIGKILL"],
        ["OK", 0, null],
        ["OK", 0, null],
      ]);
      for (const r of [runs[0], runs[1], runs[4], runs[7]]) expect(r!.stderr).toBe("");
    });
  });

  // Each kind of leftover alone: the run after it starts in a new sandbox (pid 2) and finds nothing.
  const leftovers: [string, string][] = [
    ["a file in /tmp", "open('/tmp/k', 'w').write(secret)"],
    ["a hidden file in /dev/shm", "open('/dev/shm/.k', 'w').write(secret)"],
    ["a link in /tmp", "os.symlink('/nowhere/' + secret, '/tmp/l')"],
    ["a POSIX message queue", "ctypes.CDLL(None).mq_open(b'/k' + secret.encode(), os.O_CREAT | os.O_RDWR, 0o600, None)"],
    ["a SysV message queue", "subprocess.run(['ipcmk', '-Q'], check=True, capture_output=True)"],
    ["a SysV shared memory segment", "subprocess.run(['ipcmk', '-M', '4096'], check=True, capture_output=True)"],
    ["a SysV semaphore set", "subprocess.run(['ipcmk', '-S', '1'], check=True, capture_output=True)"],
    ["a detached process", "subprocess.Popen(['sleep', '30'], start_new_session=True)"],
    [
      "a process that keeps writing into /box",
      "subprocess.Popen(['sh', '-c', 'while :; do echo x > /box/late; done'], start_new_session=True)",
    ],
    // What leaves no entry behind: the dirs the box user owns, changed in place (seen from the host).
    ["/tmp's permissions", "os.chmod('/tmp', 0o1700)"],
    ["/dev/shm's times", "os.utime('/dev/shm', (len(secret), len(secret)))"],
    ["a file in /dev", "open('/dev/k', 'w').write(secret)"],
  ];
  test.each(leftovers)("%s ends the sandbox: the next run starts in a new one and finds nothing", async (_what, leave) => {
    const program = [
      "import ctypes, os, subprocess, sys, time",
      "secret = sys.stdin.read()",
      "devices = ['.input', 'console', 'full', 'mqueue', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', 'zero', 'core', 'fd']",
      "if secret:",
      `    ${leave}`,
      "    print(os.getpid(), 'left')",
      "else:",
      "    found = [n for d in ('/tmp', '/dev/shm', '/dev/mqueue') for n in os.listdir(d)] + sorted(set(os.listdir('/dev')) - set(devices))",
      "    found += [n for n in os.listdir('/box') if n != 'main.py']",
      "    found += [d for d in ('/tmp', '/dev/shm', '/dev/mqueue') if os.stat(d).st_mode & 0o7777 != 0o1777 or os.stat(d).st_mtime < 1e9 or os.listxattr(d)]",
      "    ipc = [l for t in ('msg', 'sem', 'shm') for l in open('/proc/sysvipc/' + t).read().splitlines()[1:]]",
      "    procs = [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid() and p != '1']",
      "    print(os.getpid(), found, ipc, procs)",
    ].join("\n");
    await withBuild(program, async (build) => {
      const clean = await build.run({ share: true, stdin: "" });
      expect(clean.stdout).toBe("2 [] [] []\n");
      const left = await build.run({ share: true, stdin: "hunter2" });
      expect([left.verdict, left.stderr]).toEqual(["OK", ""]);
      expect(Number(left.stdout.split(" ")[0])).toBeGreaterThan(2);
      const next = await build.run({ share: true, stdin: "" });
      expect([next.verdict, next.stdout]).toEqual(["OK", "2 [] [] []\n"]);
    });
  });

  test("Java leaves nothing behind either (no /tmp/hsperfdata_*): its tests share the sandbox", async () => {
    const main =
      'public class Main { public static void main(String[] a) { System.out.println(ProcessHandle.current().pid() + " " + new java.util.Scanner(System.in).next()); } }';
    const build = await openBuild(provider, { language: "java", files: [{ path: "Main.java", content: main }] });
    try {
      expect(build.compile.ok).toBe(true);
      const [one, two] = [await build.run({ share: true, stdin: "a" }), await build.run({ share: true, stdin: "b" })];
      expect([one.verdict, one.stdout]).toEqual(["OK", "2 a\n"]);
      expect(two.stdout).toMatch(/^\d+ b\n$/);
      expect(Number(two.stdout.split(" ")[0])).toBeGreaterThan(2);
    } finally {
      await build.close();
    }
  }, 60_000);

  test("a run without `share` (a hidden test's) ends its sandbox: what it set on pid 1 does not reach the next run", async () => {
    const program = [
      "import os, resource, sys",
      "mode = sys.stdin.read()",
      "if mode == 'hide': resource.prlimit(1, resource.RLIMIT_MSGQUEUE, (424242, resource.prlimit(1, resource.RLIMIT_MSGQUEUE)[1]))",
      "print(os.getpid(), resource.prlimit(1, resource.RLIMIT_MSGQUEUE)[0] == 424242)",
    ].join("\n");
    await withBuild(program, async (build) => {
      const visible = await build.run({ share: true, stdin: "" });
      const hidden = await build.run({ share: false, stdin: "hide" });
      const after = await build.run({ share: true, stdin: "" });
      const again = await build.run({ share: true, stdin: "" });
      // The hidden run may use a sandbox visible runs left (their inputs are the student's to see), then ends it.
      expect([visible.stdout, hidden.stdout]).toEqual(["2 False\n", "3 True\n"]);
      expect([after.stdout, again.stdout]).toEqual(["2 False\n", "3 False\n"]);
    });
  });

  test("the work dir's own permissions and times are put back between runs", async () => {
    const program = [
      "import os, sys",
      "if sys.stdin.read() == 'mark':",
      "    os.utime('/box', (7, 7)); os.chmod('/box', 0o500); print('marked')",
      "else:",
      "    st = os.stat('/box'); print(oct(st.st_mode & 0o7777), st.st_atime > 1e9, st.st_mtime > 1e9)",
    ].join("\n");
    await withBuild(program, async (build) => {
      expect((await build.run({ share: true, stdin: "mark" })).stdout).toBe("marked\n");
      expect((await build.run({ share: true, stdin: "" })).stdout).toBe("0o700 True True\n");
    });
  });

  test("a run's input file is read-only, and the next run's input replaces it", async () => {
    const program = [
      "import os, sys",
      "print(sys.stdin.read(), os.listdir('/dev/.input'), open('/dev/.input/stdin').read())",
      "try:",
      "    open('/dev/.input/stdin', 'w').write('forged')",
      "except OSError as e:",
      "    print(type(e).__name__)",
    ].join("\n");
    await withBuild(program, async (build) => {
      const one = await build.run({ share: true, stdin: "first" });
      const two = await build.run({ share: true, stdin: "second" });
      expect([one.stdout, two.stdout]).toEqual(["first ['stdin'] first\nOSError\n", "second ['stdin'] second\nOSError\n"]);
    });
  });

  test("only a build's sandboxes get an input dir: a run alone has none (nor its mount)", async () => {
    const program = "import os\nprint(os.path.exists('/dev/.input'))";
    const alone = await (await startRun(provider, { language: "python", files: [{ path: "main.py", content: program }] })).done;
    expect(alone).toMatchObject({ verdict: "OK", stdout: "False\n" });
    await withBuild(program, async (build) => {
      expect((await build.run({ share: true, stdin: "" })).stdout).toBe("True\n");
    });
  });

  test("a run stopped for its time or output ends the sandbox; the next run works in a new one", async () => {
    const program = [
      "import os, sys",
      "mode = sys.stdin.read()",
      "if mode == 'spin':",
      "    while True: pass",
      "if mode == 'flood':",
      "    while True: sys.stdout.write('z' * 65536)",
      "print(os.getpid())",
    ].join("\n");
    await withBuild(program, async (build) => {
      expect((await build.run({ share: true, stdin: "" })).stdout).toBe("2\n");
      const spin = await build.run({ share: true, stdin: "spin", limits: { wallMs: 500 } });
      expect(spin).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "wall" });
      expect((await build.run({ share: true, stdin: "" })).stdout).toBe("2\n");
      const flood = await build.run({ share: true, stdin: "flood", limits: { outputBytes: 100_000 } });
      expect(flood.verdict).toBe("OUTPUT_LIMIT");
      expect(flood.stdout).toMatch(/^z{99000,100000}\n\[output cut: the limit is 97\.7 KiB/);
      expect((await build.run({ share: true, stdin: "" })).stdout).toBe("2\n");
      expect(Number((await build.run({ share: true, stdin: "" })).stdout)).toBeGreaterThan(2);
    });
  });
});
