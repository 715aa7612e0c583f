/**
 * What the hidden acceptance run of issue 9 found in the sandbox, per driver: the program may not
 * reach the sandbox's own helpers (trace them, read their memory, take their descriptors, forge
 * its status, flood their channels, kill them), the seccomp filter is the same on both drivers,
 * the CPU limit holds for the whole box during the run, and nothing of the host shows inside.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hostPath } from "../src/bwrap/host.ts";
import { bwrapProvider, defaultRootfs } from "../src/bwrap/provider.ts";
import { type BoxProvider, settle } from "../src/index.ts";
import { drivers, ready, runToEnd } from "./drivers.ts";
import { hostile } from "./programs.ts";

const c = (content: string) => [{ path: "main.c", content }];
const rootfs = process.env.SANDBOX_ROOTFS ?? defaultRootfs;

describe.each(drivers)("the sandbox's own helpers on %s", (name, make) => {
  let provider: BoxProvider;
  beforeAll(async () => {
    provider = await ready(make);
  });
  afterAll(async () => {
    if (!provider) return;
    await settle(provider);
    await provider.close();
  });

  test("cannot be traced, read or have their descriptors taken", async () => {
    const r = await runToEnd(provider, { language: "c", files: c(hostile.traceHelpers) });
    expect(r.verdict, r.stderr).toBe("OK");
    // bwrap's pid 1; Docker's init and launcher: the program sees at least one helper, and gets nothing of it.
    expect(Number(/seen (\d+)/.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(name === "docker" ? 2 : 1);
    expect(r.stdout.split("\n").filter((l) => l.endsWith(" ok"))).toEqual([]);
  });

  test("a program cannot forge its exit status or flood a helper's channel", async () => {
    const r = await runToEnd(provider, { language: "c", files: c(hostile.forgeStatus), limits: { wallMs: 20_000 } });
    expect(r.verdict, r.stderr).not.toBe("OK");
    expect(r).toMatchObject({ verdict: "RUNTIME_ERROR", exitCode: 3 });
    expect(r.stderr).not.toMatch(/forged|flooding|found the marker/);
    expect(r.wallMs).toBeLessThan(10_000);
  }, 30_000);

  test("a program that tries to kill the sandbox's helpers is not an internal error", async () => {
    const r = await runToEnd(provider, { language: "c", files: c(hostile.killHelpers) });
    expect(r.verdict, r.message).not.toBe("INTERNAL_ERROR");
    expect(r.verdict).toBe("OK");
    expect(r.stdout).toMatch(/still here\n$/);
  });

  test("the seccomp filter refuses io_uring, bpf, ptrace and the rest with EPERM", async () => {
    const r = await runToEnd(provider, { language: "c", files: c(hostile.riskySyscalls) });
    expect(r.stdout.trim().split("\n")).toEqual([
      "io_uring_setup EPERM",
      "bpf EPERM",
      "ptrace EPERM",
      "pidfd_getfd EPERM",
      "process_vm_readv EPERM",
      "userfaultfd EPERM",
      "keyctl EPERM",
      "setxattr EPERM",
      "fsetxattr EPERM",
      "clone(CLONE_NEWUSER) EPERM",
      "clone3 ENOSYS",
      "getpid ok",
    ]);
  });

  test("the CPU limit holds for the whole box during the run: eight busy children stop near it", async () => {
    const r = await runToEnd(provider, { language: "c", files: c(hostile.busyChildren), limits: { cpuMs: 2000, wallMs: 25_000 } });
    expect(r).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "cpu" });
    expect(r.cpuMs).toBeGreaterThanOrEqual(2000);
    expect(r.cpuMs).toBeLessThan(2000 + 2000);
  }, 40_000);
});

describe("what the bwrap box shows of the host", () => {
  let provider: BoxProvider;
  beforeAll(async () => {
    provider = await ready(() => bwrapProvider());
  });
  afterAll(async () => {
    if (!provider) return;
    await settle(provider);
    await provider.close();
  });

  test("no host path, server pid or launcher PATH in /proc/self/mountinfo or pid 1's environment", async () => {
    const r = await runToEnd(provider, {
      language: "python",
      files: [
        {
          path: "main.py",
          content:
            "print(open('/proc/self/mountinfo').read())\nprint('---')\ntry:\n    print(open('/proc/1/environ').read())\nexcept OSError as e:\n    print('denied', e.errno)\n",
        },
      ],
    });
    expect(r.verdict, r.stderr).toBe("OK");
    const [mountinfo, environ] = r.stdout.split("---\n");
    expect(mountinfo).toContain(" /usr ");
    for (const leak of [rootfs, "/var/lib", "/run/codeclass-sandbox", `${process.pid}-`, hostPath, "/sbin"]) {
      expect(mountinfo, leak).not.toContain(leak);
      expect(environ, leak).not.toContain(leak);
    }
  });
});
