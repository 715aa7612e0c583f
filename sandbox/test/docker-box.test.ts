/**
 * What only the Docker driver does, against real Docker (no mocks): its containers, pool,
 * launcher stream and cgroup layouts. What every driver's box promises is in box-contract.test.ts.
 * Docker and the sandbox image must be present: these tests fail, never skip.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { Duplex } from "node:stream";
import Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { Box, BoxProvider } from "../src/box.ts";
import type { DockerBox } from "../src/docker/box.ts";
import { findContainerCgroup } from "../src/docker/cgroup.ts";
import { MarkerSplitter, runInLauncher } from "../src/docker/launcher.ts";
import { containerLabels, defaultImage, dockerProvider } from "../src/docker/provider.ts";
import type { Limits } from "../src/limits.ts";
import { hostProcesses, limits, median, py, run, sleep, waitFor } from "./helpers.ts";

const docker = new Docker({ socketPath: "/var/run/docker.sock" });

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

async function containerExists(id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}

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
  test("exec whose files do not fit (/box is full) rejects: nothing runs", async () => {
    const box = await open({ fileSizeKb: 64 });
    // Not the box's first command (which the launcher runs): this one goes through docker exec.
    expect(await run(box, ["true"])).toMatchObject({ exitCode: 0 });
    const big = [{ path: "big.txt", content: "x".repeat(200 * 1024) }];
    await expect(box.exec({ files: big, argv: ["touch", "ran"], env: {}, cpuMs: 1000, fileSizeKb: 64 })).rejects.toThrow(
      /writing files into the box failed \(exit 125\): tar: big\.txt/,
    );
    expect((await run(box, ["ls"])).stdout).not.toContain("ran");
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
});

describe("isolation", () => {
  test("the root file system is mounted read-only: EROFS even where the image lets anyone write", async () => {
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
});

describe("processes", () => {
  test("large output arrives intact on the right streams", async () => {
    const box = await open();
    const r = await py(box, "import sys\nsys.stdout.write('o' * 3_000_000)\nsys.stderr.write('e' * 1_000_000)");
    expect(r.stdout.length).toBe(3_000_000);
    expect(r.stderr.length).toBe(1_000_000);
    expect(/^o+$/.test(r.stdout) && /^e+$/.test(r.stderr)).toBe(true);
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

  test("a daemonized grandchild does not survive destroy", async () => {
    const box = await open();
    const marker = "sleep 987654";
    await run(box, ["sh", "-c", "setsid nohup sleep 987654 > /dev/null 2>&1 &"]);
    await sleep(200);
    expect((await hostProcesses(marker)).length).toBe(1);
    await box.destroy();
    expect(await waitFor(async () => (await hostProcesses(marker)).length === 0, 2000)).toBe(true);
    expect(await hostProcesses(marker)).toEqual([]);
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
