import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Box, BoxProvider } from "../src/box.ts";
import { type BwrapBox, bwrapProvider, defaultRootfs } from "../src/bwrap/provider.ts";
import { languages } from "../src/languages.ts";
import type { Limits } from "../src/limits.ts";
import { settle, startRun } from "../src/run.ts";
import { exists, hostProcesses, limits, parentOf, run, sh, waitFor } from "./helpers.ts";

// What only the bubblewrap driver does (what every driver's box promises is in box-contract.test.ts).
// Real bubblewrap, real cgroups, the real sandbox root filesystem: when any is missing these
// tests fail (unavailableReason says what to install), they never skip.
const rootfs = process.env.SANDBOX_ROOTFS ?? defaultRootfs;
let provider: BoxProvider;

async function withBox<T>(f: (box: Box) => Promise<T>, over?: Partial<Limits>): Promise<T> {
  const box = await provider.open(limits(over));
  try {
    return await f(box);
  } finally {
    await box.destroy();
  }
}

beforeAll(async () => {
  provider = bwrapProvider();
  expect(await provider.unavailableReason()).toBeNull();
});

afterAll(async () => {
  await provider?.close();
});

describe("bwrap provider", () => {
  test("says what is missing", async () => {
    expect(await bwrapProvider({ bwrapPath: "/nonexistent/bwrap" }).unavailableReason()).toBe(
      "bubblewrap is not installed: apt-get install bubblewrap",
    );
    expect(await bwrapProvider({ rootfs: "/nonexistent/rootfs" }).unavailableReason()).toBe(
      "the sandbox root filesystem /nonexistent/rootfs is missing: run pnpm sandbox:image",
    );
  });

  test("open + exec of python3 -c 'print(1)' is fast", async () => {
    const times: { open: number; ready: number; total: number; destroy: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const box = await provider.open(limits());
      const t1 = performance.now();
      const proc = await box.exec({ argv: ["python3", "-c", "print(1)"], env: {}, cpuMs: 5000, fileSizeKb: 1024 });
      const t2 = performance.now();
      let out = "";
      proc.stdout.on("data", (d: Buffer) => (out += d));
      proc.stdin.end();
      expect(await proc.exited).toEqual({ exitCode: 0, signal: null });
      const t3 = performance.now();
      await box.destroy();
      times.push({ open: t1 - t0, ready: t2 - t1, total: t3 - t0, destroy: performance.now() - t3 });
      expect(out).toBe("1\n");
    }
    const median = (k: keyof (typeof times)[number]) =>
      times
        .map((t) => t[k])
        .sort((a, b) => a - b)
        [times.length >> 1]!.toFixed(1);
    // The first run warms the page cache; the median is the steady state.
    console.log(
      `bwrap latency over ${times.length} runs (median ms): open ${median("open")}, exec until sandbox ready ${median("ready")}, ` +
        `open+exec+exit of python3 -c 'print(1)' ${median("total")}, destroy ${median("destroy")}`,
    );
    expect(Number(median("total"))).toBeLessThan(1000);
  });

  test("exec with a file in the way (or any write that fails) rejects: nothing runs", () =>
    withBox(async (box) => {
      await box.writeFiles([{ path: "main.py", content: "print(1)" }]);
      await expect(
        box.exec({ files: [{ path: "main.py", content: "x" }], argv: ["touch", "ran"], env: {}, cpuMs: 1000, fileSizeKb: 64 }),
      ).rejects.toThrow(/EEXIST/);
      expect((await run(box, ["ls"])).stdout).toBe("main.py\n");
    }));

  test("writeFiles never follows a link and never overwrites", () =>
    withBox(async (box) => {
      await box.writeFiles([{ path: "a.txt", content: "1" }]);
      await expect(box.writeFiles([{ path: "a.txt", content: "2" }])).rejects.toThrow(/EEXIST/);
      // Links made by a program in the box: writing through them would write on the host.
      await sh(box, "ln -s /etc/passwd link && ln -s /tmp dirlink && ln -s . self");
      await expect(box.writeFiles([{ path: "link", content: "x" }])).rejects.toThrow(/EEXIST|ELOOP/);
      await expect(box.writeFiles([{ path: "dirlink/x.txt", content: "x" }])).rejects.toThrow(/symbolic link/);
      await expect(box.writeFiles([{ path: "self/x.txt", content: "x" }])).rejects.toThrow(/symbolic link/);
      await expect(box.writeFiles([{ path: "../escape.txt", content: "x" }])).rejects.toThrow(/relative/);
      await expect(box.writeFiles([{ path: "/abs.txt", content: "x" }])).rejects.toThrow(/relative/);
      expect((await sh(box, "cat a.txt; ls")).stdout).toBe("1a.txt\ndirlink\nlink\nself\n");
    }));

  test("runs as uid 65534 in a box named sandbox, and on the host too", () =>
    withBox(async (box) => {
      expect((await sh(box, "id -u; id -g; id -G; hostname; grep CapEff /proc/self/status")).stdout).toBe(
        "65534\n65534\n65534\nsandbox\nCapEff:\t0000000000000000\n",
      );
      // Seen from the host, every process of the box (bwrap included) is nobody, never root.
      const proc = await box.exec({ argv: ["sleep", "30"], env: {}, cpuMs: 1000, fileSizeKb: 64 });
      const dir = (box as BwrapBox).cgroupDirs.find((d) => d.includes("/pids/"))!;
      const pids = (await fs.readFile(path.join(dir, "cgroup.procs"), "utf8")).trim().split("\n");
      expect(pids.length).toBeGreaterThanOrEqual(2);
      for (const pid of pids) {
        const status = await fs.readFile(`/proc/${pid}/status`, "utf8");
        expect(status.match(/^Uid:\s+(.*)$/m)![1]!.split(/\s+/)).toEqual(["65534", "65534", "65534", "65534"]);
      }
      await box.killAll();
      expect(await proc.exited).toEqual({ exitCode: null, signal: "SIGKILL" });
    }));

  test("sees the image's files, not the host's", () =>
    withBox(async (box) => {
      const imagePasswd = await fs.readFile(path.join(rootfs, "etc/passwd"), "utf8");
      const hostPasswd = await fs.readFile("/etc/passwd", "utf8");
      const r = await sh(
        box,
        "cat /etc/passwd; echo ---; ls /root /home /work /var /run /sys /srv 2>&1; cat /etc/shadow 2>&1; ls /; echo ---; ls /proc | grep -E '^[0-9]+$' | wc -l; cat /proc/1/cmdline | tr '\\0' ' '",
      );
      const [passwd, rest, procs] = r.stdout.split("---\n");
      expect(passwd).toBe(imagePasswd);
      if (hostPasswd !== imagePasswd) expect(passwd).not.toBe(hostPasswd);
      for (const d of ["/root", "/home", "/work", "/var", "/run", "/sys", "/srv"])
        expect(rest).toContain(`ls: cannot access '${d}': No such file or directory`);
      expect(rest).toMatch(/cat: \/etc\/shadow: Permission denied/);
      // The image's dirs, and /init: the box's own pid 1 (execute-only).
      expect(rest).toContain("bin\nbox\ndev\netc\ninit\nlib\nlib64\nopt\nproc\nsbin\ntmp\nusr\n");
      // Its own PID namespace: the box's init, the shell, ls/grep/wc of the pipeline; nothing of the host.
      const [count, init] = procs!.split("\n");
      expect(Number(count)).toBeLessThanOrEqual(6);
      // bwrap got its options on a pipe: no host path shows in the box's process list.
      expect(init).toMatch(/^\/init -c /);
      expect(r.stdout).not.toContain("/run/codeclass-sandbox");
      expect(r.stdout).not.toContain(rootfs);
      // Only stdin, stdout and stderr are open in the program (3 is listdir's own).
      expect((await run(box, ["python3", "-c", "import os; print(sorted(os.listdir('/proc/self/fd')))"])).stdout).toBe(
        "['0', '1', '2', '3']\n",
      );
      // The toolchains are the image's (the host has no java or go).
      const tools = await sh(box, "for t in gcc g++ python3 java javac go node tsc prlimit; do command -v $t; done");
      expect(tools.stdout.trim().split("\n")).toHaveLength(9);
    }));

  test("a daemonized grandchild does not outlive its command or the box", async () => {
    const box = await provider.open(limits());
    try {
      // The command exits at once; its setsid'd grandchild dies with the PID namespace.
      const r = await sh(box, "setsid nohup sleep 1234.5 >/dev/null 2>&1 & echo started");
      expect(r.stdout).toBe("started\n");
      expect(await waitFor(async () => (await hostProcesses("sleep 1234.5")).length === 0, 2000)).toBe(true);
      // While a command still runs, its daemon lives (checked on the host) until destroy.
      const proc = await box.exec({
        argv: ["sh", "-c", "setsid nohup sleep 1235.5 >/dev/null 2>&1 & sleep 1000"],
        env: {},
        cpuMs: 5000,
        fileSizeKb: 64,
      });
      expect(await waitFor(async () => (await hostProcesses("sleep 1235.5")).length === 1, 2000)).toBe(true);
      await box.destroy();
      expect(await proc.exited).toEqual({ exitCode: null, signal: "SIGKILL" });
      expect(await hostProcesses("sleep 1235.5")).toEqual([]);
      expect(await hostProcesses("sleep 1000")).toEqual([]);
    } finally {
      await box.destroy();
    }
  });

  test("the pool: a box made ahead, its sandbox already set up, serves other memory and process limits", async () => {
    const pooled = bwrapProvider({ poolSize: 1 });
    try {
      expect(await pooled.unavailableReason()).toBeNull();
      await new Promise((r) => setTimeout(r, 1500)); // the pool fills
      const asked = Date.now();
      const box = (await pooled.open(limits({ memoryKb: 64 * 1024, processes: 10 }))) as BwrapBox;
      try {
        const made = Number.parseInt(box.parts.id.split("-")[1]!, 36);
        expect(made).toBeLessThan(asked - 500); // made before it was asked for
        const dir = (controller: string) => box.cgroupDirs.find((d) => d.includes(`/${controller}/`))!;
        expect(await fs.readFile(path.join(dir("memory"), "memory.limit_in_bytes"), "utf8")).toBe(`${64 * 1024 * 1024}\n`);
        expect(await fs.readFile(path.join(dir("pids"), "pids.max"), "utf8")).toBe("12\n"); // plus bwrap's two
        const hog = await run(box, ["python3", "-c", "a = []\nwhile True: a.append(b'x' * (1 << 20))"]);
        expect(hog).toMatchObject({ exitCode: null, signal: "SIGKILL" });
        expect((await box.usage()).oomKilled).toBe(true);
      } finally {
        await box.destroy();
      }
    } finally {
      await pooled.close();
    }
  });

  test("a kept-warm box sets up its next sandbox in its second group while a command runs; destroy removes both groups", async () => {
    const box = (await provider.open(limits())) as BwrapBox;
    const own = box.cgroupDirs;
    box.keepWarm();
    const procsOf = async (dirs: string[]) => {
      const dir = dirs.find((d) => d.includes("/pids/")) ?? dirs[0]!;
      return (await fs.readFile(path.join(dir, "cgroup.procs"), "utf8")).split("\n").filter(Boolean);
    };
    const first = await box.exec({ argv: ["sleep", "1000"], env: {}, cpuMs: 5000, fileSizeKb: 64 });
    // The next command's sandbox (bwrap and its waiting shell) appears in the second group, none in the first's.
    expect(await waitFor(async () => box.cgroupDirs.length === own.length * 2, 5000)).toBe(true);
    const spare = box.cgroupDirs.filter((d) => !own.includes(d));
    expect(await waitFor(async () => (await procsOf(spare)).length >= 1, 5000)).toBe(true);
    const waiting = await procsOf(spare);
    expect(await box.inputWait()).toBe(false); // the first group's sleep is not reading input; the other group's shell is not asked
    await box.killAll();
    expect(await first.exited).toMatchObject({ signal: "SIGKILL" });
    // killAll took the waiting sandbox too; the next command starts its own and runs.
    expect(waiting.length).toBeGreaterThan(0);
    expect(await procsOf(spare)).toEqual([]);
    await box.resetUsage();
    expect(await run(box, ["sh", "-c", "echo ok"])).toMatchObject({ exitCode: 0, stdout: "ok\n" });
    await box.destroy();
    for (const dir of [...own, ...spare]) expect(await exists(dir)).toBe(false);
  });

  test("a command started while killAll is still under way (a build's next test, right after one ran out of time) starts and runs", async () => {
    const box = (await provider.open(limits())) as BwrapBox;
    box.keepWarm();
    try {
      for (let i = 0; i < 5; i++) {
        const stopped = await box.exec({ argv: ["sleep", "1000"], env: {}, cpuMs: 5000, fileSizeKb: 64 });
        // As a run stopped for its limit does: the kill is not waited for before the next command.
        void box.killAll();
        expect(await stopped.exited).toMatchObject({ signal: "SIGKILL" });
        expect(await run(box, ["sh", "-c", "echo next"])).toMatchObject({ exitCode: 0, stdout: "next\n" });
      }
    } finally {
      await box.destroy();
    }
  });

  test("destroy leaves nothing behind and is idempotent", async () => {
    const box = (await provider.open(limits())) as BwrapBox;
    await box.writeFiles([{ path: "a.txt", content: "a" }]);
    const running = await box.exec({ argv: ["sleep", "1000"], env: {}, cpuMs: 5000, fileSizeKb: 64 });
    const { workDir, cgroupDirs } = box;
    expect(cgroupDirs.length).toBeGreaterThanOrEqual(2);
    expect(await exists(workDir)).toBe(true);
    expect(await fs.readFile("/proc/self/mountinfo", "utf8")).toContain(` ${workDir} `);
    await box.destroy();
    expect(await running.exited).toMatchObject({ signal: "SIGKILL" });
    expect(await exists(workDir)).toBe(false);
    expect(await fs.readFile("/proc/self/mountinfo", "utf8")).not.toContain(workDir);
    for (const dir of cgroupDirs) expect(await exists(dir)).toBe(false);
    await box.destroy();
    await box.killAll();
    await expect(box.exec({ argv: ["true"], env: {}, cpuMs: 1000, fileSizeKb: 64 })).rejects.toThrow(/destroyed/);
  });

  test("boxes are isolated from each other", async () => {
    const a = (await provider.open(limits())) as BwrapBox;
    const b = await provider.open(limits());
    try {
      await a.writeFiles([{ path: "mine.txt", content: "a" }]);
      const r = await sh(b, `ls ${a.workDir} /run 2>&1; ls /box`);
      expect(r.stdout).toContain("No such file or directory");
      expect(r.stdout).not.toContain("mine.txt");
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });

  test("the seccomp filter refuses the kernel's risky calls with EPERM and allows the rest", async () => {
    // Without the filter, unshare(0), keyctl, kcmp, process_vm_readv on itself and fork succeed,
    // clone(CLONE_NEWUSER) fails with ENOSPC (bwrap --disable-userns) and clone3(NULL) with EFAULT:
    // those prove the filter. The NULL-argument calls may be EPERM on a hardened kernel anyway.
    const program = `#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static void try(const char *name, long r) {
  printf("%s %s\\n", name, r != -1 ? "ok" : errno == EPERM ? "EPERM" : errno == ENOSYS ? "ENOSYS" : "other");
}
int main(void) {
  errno = 0; try("clone(CLONE_NEWUSER)", syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
  errno = 0; try("clone3", syscall(SYS_clone3, 0, 0));
  pid_t child = fork();
  if (child == 0) _exit(0);
  try("fork", child > 0 ? waitpid(child, 0, 0) : -1);
  errno = 0; try("unshare", syscall(SYS_unshare, 0));
  errno = 0; try("keyctl", syscall(SYS_keyctl, 0, -3, 0));
  errno = 0; try("kcmp", syscall(SYS_kcmp, getpid(), getpid(), 0, 0, 0));
  errno = 0; try("process_vm_readv", syscall(SYS_process_vm_readv, getpid(), 0, 0, 0, 0, 0));
  errno = 0; try("perf_event_open", syscall(SYS_perf_event_open, 0, 0, -1, -1, 0));
  errno = 0; try("io_uring_setup", syscall(SYS_io_uring_setup, 0, 0));
  errno = 0; try("add_key", syscall(SYS_add_key, 0, 0, 0, 0, 0));
  errno = 0; try("bpf", syscall(SYS_bpf, 0, 0, 0));
  errno = 0; try("mount", syscall(SYS_mount, 0, 0, 0, 0, 0));
  errno = 0; try("getpid", syscall(SYS_getpid));
  return 0;
}
`;
    const out = await withBox(async (box) => {
      await box.writeFiles([{ path: "sys.c", content: program }]);
      const compiled = await sh(box, "gcc -o sys sys.c");
      expect(compiled.stderr).toBe("");
      return run(box, ["./sys"]);
    });
    expect(out.stdout.trim().split("\n")).toEqual([
      "clone(CLONE_NEWUSER) EPERM",
      "clone3 ENOSYS",
      "fork ok",
      "unshare EPERM",
      "keyctl EPERM",
      "kcmp EPERM",
      "process_vm_readv EPERM",
      "perf_event_open EPERM",
      "io_uring_setup EPERM",
      "add_key EPERM",
      "bpf EPERM",
      "mount EPERM",
      "getpid ok",
    ]);
  });

  test("every language's toolchain runs in the box", () =>
    withBox(
      async (box) => {
        for (const language of Object.values(languages)) {
          const r = await run(box, language.versionCommand, { env: language.env ?? {} });
          expect(r.exitCode, `${language.id}: ${r.stderr}`).toBe(0);
          expect(r.stdout + r.stderr, language.id).toContain(language.version);
        }
        // A compile and a run, as the orchestrator will do them.
        await box.writeFiles([{ path: "main.c", content: '#include <stdio.h>\nint main(void) { printf("c ok\\n"); return 0; }\n' }]);
        expect(
          await run(box, languages.c.compile!({ files: [{ path: "main.c", content: "" }], entry: "main.c", args: [], limits: limits() })),
        ).toMatchObject({
          exitCode: 0,
        });
        expect(await run(box, ["./main"])).toMatchObject({ stdout: "c ok\n", exitCode: 0 });
      },
      { processes: 128 },
    ));

  test("what a server that died left behind is cleaned up by the next one", async () => {
    // A server opens a box, starts a program in it and is SIGKILLed: no destroy ever runs.
    const script = path.join(os.tmpdir(), `codeclass-crash-${process.pid}.mts`);
    await fs.writeFile(
      script,
      `import { bwrapProvider } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/bwrap/provider.ts"))};
import { defaultLimits } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/limits.ts"))};
const box = await bwrapProvider().open(defaultLimits);
const proc = await box.exec({ argv: ["sleep", "1236.5"], env: {}, cpuMs: 1000, fileSizeKb: 64 });
console.log(JSON.stringify({ pid: process.pid, workDir: box.workDir, cgroupDirs: box.cgroupDirs }));
`,
    );
    const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
    const child = spawn(tsx, [script], { stdio: ["ignore", "pipe", "inherit"] });
    let serverPid = 0;
    try {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      expect(await waitFor(async () => out.includes("\n"), 20_000)).toBe(true);
      const left = JSON.parse(out) as { pid: number; workDir: string; cgroupDirs: string[] };
      serverPid = left.pid;
      expect(await waitFor(async () => (await hostProcesses("sleep 1236.5")).length === 1, 2000)).toBe(true);
      // The server itself (tsx runs it in a child process of its own).
      process.kill(left.pid, "SIGKILL");
      serverPid = 0;
      await new Promise((r) => child.once("exit", r));
      // Its program died with it (--die-with-parent); its mount, dirs and cgroups are left.
      expect(await waitFor(async () => (await hostProcesses("sleep 1236.5")).length === 0, 2000)).toBe(true);
      expect(await exists(left.workDir)).toBe(true);
      for (const dir of left.cgroupDirs) expect(await exists(dir)).toBe(true);
      // The next server's first box sweeps them away.
      const next = bwrapProvider();
      const box = await next.open(limits());
      await box.destroy();
      await next.close();
      expect(await exists(left.workDir)).toBe(false);
      expect(await fs.readFile("/proc/self/mountinfo", "utf8")).not.toContain(left.workDir);
      for (const dir of left.cgroupDirs) expect(await exists(dir)).toBe(false);
    } finally {
      // On an early failure: the server we started, if it was not killed yet.
      if (serverPid) process.kill(serverPid, "SIGKILL"); // (not yet killed: alive)
      child.kill("SIGKILL");
      await fs.rm(script, { force: true });
    }
  }, 60_000);

  test("a run whose launcher process dies ends as INTERNAL_ERROR, and the next run works", async () => {
    const own = bwrapProvider();
    try {
      // The program becomes a sleep with a command line of its own, to be found on the host.
      const content = "import os\nos.execvp('sleep', ['sleep', '1239.5'])";
      const handle = await startRun(own, { language: "python", files: [{ path: "main.py", content }] });
      expect(await waitFor(async () => (await hostProcesses("sleep 1239.5")).length > 0, 10_000)).toBe(true);
      // Up from the program to the launcher that started its sandbox.
      const program = Number((await hostProcesses("sleep 1239.5"))[0]!.trim().split(/\s+/)[0]);
      let launcher = program;
      while (!(await fs.readFile(`/proc/${launcher}/cmdline`, "utf8")).includes("launcher-process.mjs"))
        launcher = await parentOf(launcher);
      process.kill(launcher, "SIGKILL");
      const r = await handle.done;
      expect(r.verdict).toBe("INTERNAL_ERROR");
      expect(r.message).toMatch(/not your code.*launcher/);
      expect(await waitFor(async () => (await hostProcesses("sleep 1239.5")).length === 0, 5000)).toBe(true);
      const next = await (await startRun(own, { language: "python", files: [{ path: "main.py", content: "print('again')" }] })).done;
      expect(next).toMatchObject({ verdict: "OK", stdout: "again\n" });
    } finally {
      await settle(own);
      await own.close();
    }
  }, 60_000);

  test("a box that cannot start rejects exec instead of blaming the program", async () => {
    // A root filesystem without /bin/sh: bwrap sets up the namespaces, then cannot run anything.
    const emptyRoot = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-empty-rootfs-"));
    await fs.chmod(emptyRoot, 0o755);
    await fs.mkdir(path.join(emptyRoot, "usr/bin"), { recursive: true });
    await fs.writeFile(path.join(emptyRoot, "usr/bin/prlimit"), "");
    const broken = bwrapProvider({ rootfs: emptyRoot });
    try {
      const box = await broken.open(limits());
      try {
        await expect(box.exec({ argv: ["true"], env: {}, cpuMs: 1000, fileSizeKb: 64 })).rejects.toThrow(/could not start/);
      } finally {
        await box.destroy();
      }
    } finally {
      await broken.close();
      await fs.rm(emptyRoot, { recursive: true, force: true });
    }
  });

  test("the status channel is bounded: a flood ends the run (never OK) and the server stops reading", async () => {
    // A bwrap that, once the sandbox runs, pours 32 MiB into its status channel (its stderr).
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "codeclass-flooding-bwrap-"));
    const script = path.join(dir, "bwrap");
    await fs.writeFile(
      script,
      '#!/bin/sh\n[ "$1" = --help ] && exec /usr/bin/bwrap --help\nexec 7<&0\n/usr/bin/bwrap "$@" <&7 7<&- &\nsleep 1\nhead -c 33554432 /dev/zero >&2\nwait\n',
    );
    await fs.chmod(dir, 0o755);
    await fs.chmod(script, 0o755);
    const flooding = bwrapProvider({ bwrapPath: script, poolSize: 0 });
    try {
      expect(await flooding.unavailableReason()).toBeNull();
      const handle = await startRun(flooding, {
        language: "python",
        files: [{ path: "main.py", content: "import time\ntime.sleep(8)\nprint('done')" }],
      });
      const r = await handle.done;
      expect(r.verdict).toBe("OUTPUT_LIMIT");
      expect(r.message).toMatch(/more than 64 KiB .*status channel/);
      expect(r.wallMs).toBeLessThan(6000);
    } finally {
      await settle(flooding);
      await flooding.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test("without cgroups, rlimits still bound the program (weaker fallback)", async () => {
    const fallback = bwrapProvider({ limitsMode: "rlimits" });
    try {
      const box = (await fallback.open(limits({ memoryKb: 64 * 1024 }))) as BwrapBox;
      try {
        expect(box.cgroupDirs).toEqual([]);
        // RLIMIT_AS: the allocation fails instead of an OOM kill.
        const mem = await run(box, [
          "python3",
          "-c",
          "a = []\ntry:\n    while True: a.append(b'x' * (1 << 20))\nexcept MemoryError:\n    print('MemoryError', len(a))",
        ]);
        expect(mem.stdout).toMatch(/^MemoryError \d+\n$/);
        const spin = await run(box, ["python3", "-c", "while True: pass"], { cpuMs: 1000 });
        expect(spin).toMatchObject({ stderr: "", exitCode: null, signal: "SIGXCPU" });
        expect((await box.usage()).cpuMs).toBeGreaterThanOrEqual(900);
        const echo = await run(box, ["python3", "-c", "import sys; print(sys.stdin.read().upper())"], { stdin: "typed" });
        expect(echo).toMatchObject({ stdout: "TYPED\n", exitCode: 0 });
        const proc = await box.exec({ argv: ["sleep", "1000"], env: {}, cpuMs: 1000, fileSizeKb: 64 });
        await box.killAll();
        expect(await proc.exited).toMatchObject({ exitCode: null, signal: "SIGKILL" });
      } finally {
        await box.destroy();
      }
    } finally {
      await fallback.close();
    }
  });
});
