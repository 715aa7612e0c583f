import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BoxProvider, settle, startRun } from "../src/index.ts";
import { drivers, ready, runToEnd } from "./drivers.ts";

const py = (content: string) => [{ path: "main.py", content }];
const c = (content: string) => [{ path: "main.c", content }];
const quick = { cpuMs: 2000, wallMs: 6000 };

describe.each(drivers)("verdicts and abuse on %s", (_name, make) => {
  let provider: BoxProvider;
  beforeAll(async () => {
    provider = await ready(make);
  });
  afterAll(async () => {
    if (!provider) return;
    await settle(provider); // boxes of finished runs are removed in the background
    await provider.close();
  });

  /** After every abuse case the sandbox still runs a normal program. */
  async function stillWorks() {
    const r = await runToEnd(provider, { language: "python", files: py("print('still fine')") });
    expect(r.verdict).toBe("OK");
    expect(r.stdout).toBe("still fine\n");
  }

  test("OK, with time and memory measured", async () => {
    const r = await runToEnd(provider, { language: "python", files: py("x = bytearray(40 * 1024 * 1024)\nprint(len(x))") });
    expect(r).toMatchObject({ verdict: "OK", exitCode: 0, stdout: `${40 * 1024 * 1024}\n`, message: "Finished" });
    expect(r.memoryKb).toBeGreaterThan(40 * 1024);
    expect(r.cpuMs).toBeGreaterThanOrEqual(0);
  });

  test("COMPILE_ERROR carries the compiler's output", async () => {
    const r = await runToEnd(provider, { language: "c", files: c("int main(void) { return missing; }") });
    expect(r.verdict).toBe("COMPILE_ERROR");
    expect(r.compileOutput).toMatch(/missing.*undeclared/);
    expect(r.stdout).toBe("");
    const ts = await runToEnd(provider, {
      language: "typescript",
      files: [{ path: "main.ts", content: 'const n: number = "text";\nconsole.log(n);\n' }],
    });
    expect(ts.verdict).toBe("COMPILE_ERROR");
    expect(ts.compileOutput).toContain("TS2322");
  });

  test("a flood of compiler messages is cut at 64 KiB with a marker", async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `int v${i} = missing${i};`).join("\n");
    const r = await runToEnd(provider, { language: "c", files: c(`${body}\nint main(void) { return 0; }`) });
    expect(r.verdict).toBe("COMPILE_ERROR");
    expect(r.compileOutput).toContain("[output cut: the limit is 64 KiB of compiler output]");
    expect(Buffer.byteLength(r.compileOutput)).toBeLessThan(64 * 1024 + 200);
  });

  test("RUNTIME_ERROR by signal names the signal; output before the crash is kept", async () => {
    const r = await runToEnd(provider, {
      language: "c",
      files: c('#include <stdio.h>\nint main(void) { printf("before\\n"); fflush(stdout); int *p = 0; return *p; }'),
    });
    expect(r).toMatchObject({ verdict: "RUNTIME_ERROR", signal: "SIGSEGV", exitCode: null, stdout: "before\n" });
    expect(r.message).toContain("SIGSEGV");
  });

  test("TIME_LIMIT on CPU (spin) says cpu", async () => {
    const r = await runToEnd(provider, {
      language: "python",
      files: py("print('spinning', flush=True)\nwhile True: pass"),
      limits: { cpuMs: 1000, wallMs: 10_000 },
    });
    expect(r).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "cpu", stdout: "spinning\n" });
    expect(r.message).toContain("CPU");
    await stillWorks();
  });

  test("TIME_LIMIT on wall time (sleeping forever) says wall", async () => {
    const r = await runToEnd(provider, {
      language: "python",
      files: py("import time\nprint('sleeping', flush=True)\ntime.sleep(1000)"),
      limits: { wallMs: 1500 },
    });
    expect(r).toMatchObject({ verdict: "TIME_LIMIT", timeLimit: "wall", stdout: "sleeping\n" });
    expect(r.wallMs).toBeLessThan(6000);
  });

  test("MEMORY_LIMIT from the OOM kill, distinct from a runtime error", async () => {
    const r = await runToEnd(provider, {
      language: "c",
      files: c(
        '#include <stdlib.h>\n#include <string.h>\n#include <stdio.h>\nint main(void) { printf("start\\n"); fflush(stdout); for (;;) { char *p = malloc(1 << 20); if (!p) return 7; memset(p, 1, 1 << 20); } }',
      ),
      limits: { memoryKb: 64 * 1024, ...quick },
    });
    expect(r.verdict).toBe("MEMORY_LIMIT");
    expect(r.stdout).toBe("start\n");
    const java = await runToEnd(provider, {
      language: "java",
      files: [
        {
          path: "Hog.java",
          content:
            "import java.util.*;\npublic class Hog { public static void main(String[] a) { List<long[]> l = new ArrayList<>(); while (true) l.add(new long[1 << 20]); } }",
        },
      ],
      limits: { memoryKb: 128 * 1024 },
    });
    expect(java.verdict).toBe("MEMORY_LIMIT");
    await stillWorks();
  });

  test("OUTPUT_LIMIT cuts the output with a visible marker", async () => {
    const r = await runToEnd(provider, {
      language: "python",
      files: py("while True: print('x' * 1000)"),
      limits: { outputBytes: 64 * 1024, ...quick },
    });
    expect(r.verdict).toBe("OUTPUT_LIMIT");
    expect(Buffer.byteLength(r.stdout)).toBeLessThan(64 * 1024 + 200);
    expect(r.stdout).toContain("[output cut: the limit is 64 KiB");
    await stillWorks();
  });

  test("binary and invalid UTF-8 output arrives as text with replacement characters", async () => {
    const r = await runToEnd(provider, {
      language: "python",
      files: py("import sys\nsys.stdout.buffer.write(b'ok \\xff\\xfe \\xe2\\x98\\x83\\n')"),
    });
    expect(r.verdict).toBe("OK");
    expect(r.stdout).toBe("ok \uFFFD\uFFFD ☃\n");
  });

  test("fork bomb: capped, the right verdict, the host fine, the next run works", async () => {
    const r = await runToEnd(provider, {
      language: "c",
      files: c("#include <unistd.h>\nint main(void) { for (;;) fork(); }"),
      limits: { processes: 32, ...quick },
    });
    expect(["TIME_LIMIT", "RUNTIME_ERROR"]).toContain(r.verdict);
    await stillWorks();
  });

  test("disk fill stops at the file-size limit", async () => {
    const r = await runToEnd(provider, {
      language: "python",
      files: py("f = open('big', 'wb')\nwhile True: f.write(b'0' * (1 << 20))"),
      limits: { fileSizeKb: 8 * 1024, ...quick },
    });
    expect(r.verdict).toBe("RUNTIME_ERROR");
    expect(r.stderr).toMatch(/File too large|No space left/);
    await stillWorks();
  });

  test("no network: neither an outside address nor the host's loopback (where Postgres listens)", async () => {
    const seen: net.Socket[] = [];
    const listener = net.createServer((s) => seen.push(s)).listen(0, "127.0.0.1");
    await new Promise((r) => listener.once("listening", r));
    const port = (listener.address() as net.AddressInfo).port;
    try {
      const r = await runToEnd(provider, {
        language: "python",
        files: py(
          `import socket\nfor host, port in [("127.0.0.1", ${port}), ("127.0.0.1", 5432), ("192.0.2.1", 80)]:\n    s = socket.socket()\n    s.settimeout(2)\n    try:\n        s.connect((host, port))\n        print("connected", host, port)\n    except OSError as e:\n        print("blocked", host)\n`,
        ),
      });
      expect(r.stdout).toBe("blocked 127.0.0.1\nblocked 127.0.0.1\nblocked 192.0.2.1\n");
      expect(seen).toHaveLength(0);
    } finally {
      listener.close();
    }
  });

  test("no host secrets: env, files and other processes are out of reach; system files are read-only", async () => {
    process.env.CODECLASS_TEST_SECRET = "s3cr3t-host-value";
    const hostFile = path.join(os.tmpdir(), `codeclass-host-secret-${process.pid}`);
    fs.writeFileSync(hostFile, "host-only-data");
    try {
      const r = await runToEnd(provider, {
        language: "python",
        files: py(
          `import os\nprint(sorted(k for k in os.environ if k not in ("PATH", "LANG", "HOME", "PWD", "HOSTNAME", "SHLVL", "_")) )\nprint(os.getuid())\nfor p in [${JSON.stringify(hostFile)}, "/root/.bashrc", "/proc/1/environ"]:\n    try:\n        print(open(p).read()[:40])\n    except OSError as e:\n        print("denied", type(e).__name__)\nfor p in ["/etc/evil", "/usr/evil", "/evil"]:\n    try:\n        open(p, "w").write("x")\n        print("wrote", p)\n    except OSError:\n        print("read-only", p)\n`,
        ),
      });
      expect(r.stdout).not.toContain("s3cr3t");
      expect(r.stdout).not.toContain("host-only-data");
      const lines = r.stdout.trim().split("\n");
      // Exactly the language's own variables besides PATH/LANG/HOME: nothing from the host.
      expect(lines[0]).toBe("['PYTHONDONTWRITEBYTECODE', 'PYTHONIOENCODING', 'PYTHONUNBUFFERED']");
      expect(lines[1]).toBe("65534");
      expect(lines.slice(2, 4)).toEqual(["denied FileNotFoundError", expect.stringMatching(/^denied /)]);
      expect(lines[4]).not.toContain("s3cr3t");
      expect(lines.slice(5)).toEqual(["read-only /etc/evil", "read-only /usr/evil", "read-only /evil"]);
    } finally {
      delete process.env.CODECLASS_TEST_SECRET;
      fs.rmSync(hostFile, { force: true });
    }
  });

  test("nothing survives a run: files in the work dir, /tmp and /dev/shm, and a daemonized grandchild", async () => {
    const marker = 900000 + (process.pid % 90000);
    const first = await runToEnd(provider, {
      language: "python",
      files: py(
        `import os, subprocess\nfor p in ["left.txt", "/tmp/left.txt", "/dev/shm/left.txt"]:\n    try:\n        open(p, "w").write("x")\n    except OSError:\n        pass\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp("sleep", ["sleep", "${marker}"])\n    os._exit(0)\nprint("daemonized")\n`,
      ),
    });
    expect(first.verdict).toBe("OK");
    const second = await runToEnd(provider, {
      language: "python",
      files: py(
        `import os\nprint([p for p in ["left.txt", "/tmp/left.txt", "/dev/shm/left.txt"] if os.path.exists(p)])\nprint(os.popen("ps -eo args").read().count("sleep ${marker}"))\n`,
      ),
    });
    expect(second.stdout).toBe("[]\n0\n");
    const host = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(host).not.toContain(`sleep ${marker}`);
  });

  test("a stdin flood past the limit closes stdin instead of growing without bound", async () => {
    const handle = await startRun(provider, {
      language: "python",
      files: py("import sys\nprint(len(sys.stdin.read()))"),
      interactive: true,
      limits: { stdinBytes: 1000 },
    });
    handle.write("a".repeat(600));
    handle.write("b".repeat(600)); // over the limit: refused, and stdin is closed (EOF)
    handle.write("c".repeat(10));
    const r = await handle.done;
    expect(r).toMatchObject({ verdict: "OK", stdout: "600\n" });
  });

  test("cancel stops a running program", async () => {
    // Cancelled once it runs (a fixed delay may fall before the start on a loaded machine).
    let cancel = () => {};
    const handle = await startRun(
      provider,
      { language: "python", files: py("import time\nprint('running', flush=True)\nwhile True: time.sleep(1)") },
      (e) => {
        if (e.type === "stdout") cancel();
      },
    );
    cancel = () => handle.cancel();
    const r = await handle.done;
    expect(r.verdict).toBe("STOPPED");
    expect(r.message).toBe("Stopped by the user");
  });
});
